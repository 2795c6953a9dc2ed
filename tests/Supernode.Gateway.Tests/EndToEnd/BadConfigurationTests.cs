using System.Net;
using System.Net.Sockets;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The executable refuses a configuration it cannot run with, and a machine that cannot give it what it needs: exit
/// code 2 for the configuration, 1 for the machine, and one line on stderr naming the setting and the cause, printed
/// before anything else starts (nothing on stdout), never a stack trace.
/// </summary>
public sealed class BadConfigurationTests : IDisposable
{
    private readonly TempDir _home = new("supernode-e2e-config");

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("--port", "notanumber", "base.listenPort")]
    [InlineData("--download-port", "70000", "base.downloadPort")]
    [InlineData("--advertise-ip", "1.2.3", "base.advertiseIP")]
    public async Task A_bad_flag_value_stops_the_process_with_one_line_naming_the_key(string flag, string value, string key)
    {
        var line = await OneLineFailureAsync(2, [flag, value, "--home-dir", _home.Path]);
        Assert.Contains(flag, line);
        Assert.Contains(key, line);
        Assert.Contains(value, line);
    }

    [Fact]
    public async Task A_bad_value_in_the_config_file_stops_the_process_with_one_line_naming_the_key()
    {
        var file = _home.Combine("supernode.yml");
        await File.WriteAllTextAsync(file, "base:\n  listenPort: eighty\n");
        var line = await OneLineFailureAsync(2, ["--config", file, "--home-dir", _home.Path]);
        Assert.Contains("base.listenPort", line);
        Assert.Contains("eighty", line);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_process_with_one_line_naming_the_flag()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var line = await OneLineFailureAsync(1,
            ["--port", port.ToString(), "--download-port", FreePort.Next().ToString(), "--home-dir", _home.Path, "--listen-ip", "127.0.0.1",
                "--advertise-ip", "127.0.0.1"]);
        Assert.Contains("--port", line);
        Assert.Contains(port.ToString(), line);
    }

    [Fact]
    public async Task The_same_port_for_the_api_and_downloads_stops_the_process_with_one_line_naming_both()
    {
        var port = FreePort.Next().ToString();
        var line = await OneLineFailureAsync(2, ["--port", port, "--download-port", port, "--home-dir", _home.Path]);
        Assert.Equal($"supernode: invalid value \"{port}\" for --download-port (base.downloadPort): the same port as --port (base.listenPort)", line);
    }

    [Theory]
    [InlineData("sqlite", "Data Source=x.db;Pasword=hunter2-secret")]
    [InlineData("postgresql", "Host=db;Password=hunter2-secret;Bogus Key=1")]
    public async Task A_connection_string_that_does_not_parse_stops_the_process_with_one_line_that_does_not_show_it(string provider, string connectionString)
    {
        var line = await OneLineFailureAsync(2, ["--db-provider", provider, "--db-connection-string", connectionString, "--home-dir", _home.Path]);
        Assert.StartsWith("supernode: invalid value for --db-connection-string (database.connectionString), not shown: ", line);
        Assert.DoesNotContain("hunter2", line);
    }

    [Fact]
    public async Task A_home_dir_under_a_regular_file_stops_the_process_with_one_line_naming_the_flag()
    {
        var file = _home.Combine("a-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var home = Path.Combine(file, "home");
        var line = await OneLineFailureAsync(1, [.. FreePorts(), "--home-dir", home]);
        Assert.StartsWith($"supernode: cannot use the directory {home} given by --home-dir (base.homeDir): ", line);
    }

    [Fact]
    public async Task A_home_dir_that_is_a_regular_file_stops_the_process_with_one_line_naming_the_flag()
    {
        var file = _home.Combine("home-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var line = await OneLineFailureAsync(1, [.. FreePorts(), "--home-dir", file]);
        Assert.StartsWith($"supernode: cannot use the directory {file} given by --home-dir (base.homeDir): ", line);
    }

    [Fact]
    public async Task A_database_file_that_cannot_be_created_stops_the_process_with_one_line_naming_the_key()
    {
        var file = _home.Combine("a-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var database = Path.Combine(file, "supernode.db");
        var line = await OneLineFailureAsync(1, [.. FreePorts(), "--home-dir", _home.Combine("home"), "--db-connection-string", $"Data Source={database}"]);
        Assert.StartsWith($"supernode: cannot open the database {database} given by --db-connection-string (database.connectionString): ", line);
    }

    [Fact]
    public async Task A_missing_certificate_stops_the_process_with_exit_code_2_and_one_line_naming_the_key()
    {
        var missing = _home.Combine("no-such.pem");
        var run = await GatewayCommand.RunAsync(["--tls-cert", missing, "--home-dir", _home.Path]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"supernode: invalid value \"{missing}\" for --tls-cert (security.tlsCertificate): no such file", line);
    }

    [Fact]
    public async Task A_wrong_tls_password_stops_the_process_with_exit_code_2_without_showing_the_password()
    {
        const string wrong = "wrong-pfx-password-71c4";
        using var certificate = TestCertificates.SelfSignedLoopback();
        var pfx = TestCertificates.WritePfx(certificate, _home.Path, "the-right-one");
        var run = await GatewayCommand.RunAsync(["--api-tls-cert", pfx, "--home-dir", _home.Path],
            environment: new Dictionary<string, string> { ["SUPERNODE_SECURITY_APITLSPASSWORD"] = wrong });
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"supernode: invalid value \"{pfx}\" for --api-tls-cert (security.apiTlsCertificate): cannot load the certificate: ", line);
        Assert.DoesNotContain(wrong, run.StandardOutput + run.StandardError);
    }

    private static string[] FreePorts() =>
        ["--port", FreePort.Next().ToString(), "--download-port", FreePort.Next().ToString(), "--listen-ip", "127.0.0.1", "--advertise-ip", "127.0.0.1"];

    /// <summary>Runs the gateway, expects the exit code, nothing on stdout, no stack trace and exactly one line on stderr.</summary>
    private static async Task<string> OneLineFailureAsync(int exitCode, string[] args)
    {
        var run = await GatewayCommand.RunAsync(args);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("Exception", run.StandardOutput + run.StandardError);
        return Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
