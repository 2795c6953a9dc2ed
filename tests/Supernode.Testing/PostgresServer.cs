using System.Diagnostics;
using Npgsql;

namespace Supernode.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's package) in a temp dir on 127.0.0.1 and a free port, trust auth, stopped and
/// removed on dispose; it can be stopped and started again in between (a database outage). PostgreSQL refuses to run as root: then it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly TempDir _dir = new("supernode-pg");
    private readonly bool _asPostgresUser = Environment.UserName == "root";

    private PostgresServer() => Port = FreePort.Next();

    public int Port { get; }

    private string DataDir => _dir.Combine("data");

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.InitAndStartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        // Not pooled: a pool outlives this server, and a later server given the same free port would be handed the
        // pool's dead connections (a cluster test failed on one in CI).
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Timeout=5";

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
            await RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30), check: false);
        _dir.Dispose();
    }

    private async Task InitAndStartAsync()
    {
        if (!File.Exists(Path.Combine(BinDir, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDir}); ./test.sh installs it");
        if (_asPostgresUser) await RunAsync("chown", ["-R", "postgres:postgres", _dir.Path], TimeSpan.FromSeconds(10));
        await RunAsync(Path.Combine(BinDir, "initdb"), ["-D", DataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], TimeSpan.FromSeconds(60));
        await StartAgainAsync();
    }

    /// <summary>Starts the stopped server again on the same port, with the same data; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var options = $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_dir.Path} -c fsync=off -c max_connections=200";
        await RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDir, "-l", _dir.Combine("server.log"), "-o", options, "-w", "-t", "60", "start"],
            TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Stops the server as an outage would: <c>immediate</c> drops every connection at once, without a checkpoint
    /// (committed data survives through the WAL, as after a crash).
    /// </summary>
    public Task StopAsync() =>
        RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));

    private async Task RunAsync(string file, IReadOnlyList<string> args, TimeSpan within, bool check = true)
    {
        var psi = _asPostgresUser && file != "chown"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = _dir.Path;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {within}");
        }
        if (check && process.ExitCode != 0)
        {
            var log = File.Exists(_dir.Combine("server.log")) ? await File.ReadAllTextAsync(_dir.Combine("server.log")) : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout}{await stderr}{log}");
        }
    }
}
