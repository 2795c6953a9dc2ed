using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Supernode.Testing;

/// <summary>
/// A real supernode process (the gateway executable) on loopback, with its own home dir and ports:
/// started, probed for readiness, stopped gracefully (SIGTERM) or killed (SIGKILL), and started again.
/// </summary>
public sealed class SupernodeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string[] _extraArgs;
    private readonly HeldListeners? _listeners;
    private Process? _process;

    public SupernodeProcess(string homeDir, params string[] extraArgs)
    {
        HomeDir = homeDir;
        ApiPort = FreePort.Next();
        DownloadPort = FreePort.Next();
        _extraArgs = extraArgs;
    }

    /// <summary>A supernode on sockets the test holds (socket activation): its ports stay open across restarts.</summary>
    public SupernodeProcess(string homeDir, HeldListeners listeners, params string[] extraArgs)
    {
        HomeDir = homeDir;
        ApiPort = listeners.ApiPort;
        DownloadPort = listeners.DownloadPort;
        _extraArgs = extraArgs;
        _listeners = listeners;
    }

    public string HomeDir { get; }
    public int ApiPort { get; private set; }
    public int DownloadPort { get; private set; }
    public string ApiUrl => $"{Scheme}://127.0.0.1:{ApiPort}";
    public string DownloadUrl => $"{Scheme}://127.0.0.1:{DownloadPort}";

    /// <summary>The certificate both ports serve TLS with, as the arguments configure it; null: plain HTTP.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Variables set for the process on top of the test's own (e.g. a TLS password, kept off the command line).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    private string Scheme => TlsCertificate is null ? "http" : "https";
    public bool IsRunning => _process is { HasExited: false };
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>The running process's id (for /proc readings), or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The structured log <c>logs/app.log</c> as written so far (the process keeps writing it), empty before it exists.</summary>
    public string AppLog
    {
        get
        {
            var file = Path.Combine(HomeDir, "logs", "app.log");
            if (!File.Exists(file)) return "";
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    public IReadOnlyList<string> Arguments =>
    [
        "--port", ApiPort.ToString(), "--download-port", DownloadPort.ToString(), "--home-dir", HomeDir,
        "--advertise-ip", "127.0.0.1", "--listen-ip", "127.0.0.1", .. _extraArgs,
    ];

    /// <summary>
    /// Starts the process and waits until it is ready. A free port can be taken by someone else between
    /// <see cref="FreePort.Next"/> and the bind (other tests, other processes on the machine): then the start is
    /// tried again on new ports, a few times.
    /// </summary>
    public async Task StartAsync(TimeSpan? readyWithin = null)
    {
        if (IsRunning) throw new InvalidOperationException("already running");
        for (var attempt = 1; ; attempt++)
        {
            var outputBefore = Output.Length;
            _process = Process.Start(GatewayCommand.StartInfo(Arguments, _listeners, Environment)) ?? throw new InvalidOperationException("could not start the gateway");
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            try
            {
                await WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60), outputBefore);
                return;
            }
            catch (InvalidOperationException) when (_listeners is null && attempt < 3 && Output[outputBefore..].Contains("cannot listen"))
            {
                ApiPort = FreePort.Next();
                DownloadPort = FreePort.Next();
            }
            catch
            {
                // Not ready in time: a process left running would hold its ports and CPU through the runs after it.
                await KillAsync();
                throw;
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync(TimeSpan within, int outputFrom)
    {
        using var http = new HttpClient(TestCertificates.Trusting(TlsCertificate)) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"supernode exited with {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                // Only once this process holds its port: another process may answer on a port it failed to bind.
                var listening = Output[outputFrom..].Contains($"Now listening on: {ApiUrl}");
                using var r = listening ? await http.GetAsync($"{ApiUrl}/healthz/ready") : null;
                if (r is { IsSuccessStatusCode: true }) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"supernode not ready within {within}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown of any kind, as a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the process to leave; returns how long it took.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan? within = null)
    {
        if (_process is null || _process.HasExited) return TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"supernode did not exit within {within} of SIGTERM:\n{Output}");
        }
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
