using System.Diagnostics;
using System.Globalization;

namespace Supernode.PeerSimulator;

/// <summary>
/// Simulated dfget clients each in a process of its own (the <c>peersim</c> runner), as a fleet of hosts is: no
/// shared thread pool, HTTP connection pool or timer queue hides the supernode's delays from a client. Started at
/// once; their results are read back when they exit.
/// </summary>
public sealed class PeerProcesses : IAsyncDisposable
{
    private readonly List<Runner> _runners;
    private readonly string _dir;

    private PeerProcesses(List<Runner> runners, string dir)
    {
        _runners = runners;
        _dir = dir;
    }

    /// <summary>Pieces received so far by all clients (each process prints its count every 200 ms).</summary>
    public int ReceivedPieces => _runners.Sum(r => r.Received);

    /// <summary>
    /// Starts <paramref name="count"/> processes of one client each, <c>peersim.dll</c> at <paramref name="runnerDll"/>,
    /// downloading <paramref name="url"/> from the one supernode address <paramref name="node"/> into <paramref name="dir"/>.
    /// </summary>
    /// <param name="extraArgs">More runner options for client <c>i</c> (e.g. a rate limit, a seed).</param>
    public static PeerProcesses Start(string runnerDll, int count, string node, string url, string dir, Func<int, IEnumerable<string>>? extraArgs = null)
    {
        Directory.CreateDirectory(dir);
        var runners = Enumerable.Range(0, count).Select(i =>
        {
            var json = Path.Combine(dir, $"client{i}.json");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])
                     [runnerDll, "-u", url, "-n", node, "-c", "1", "-o", Path.Combine(dir, $"client{i}"), "--json", json, "--progress",
                      "--seed", (i + 1).ToString(CultureInfo.InvariantCulture), .. extraArgs?.Invoke(i) ?? []])
                psi.ArgumentList.Add(a);
            psi.Environment["DOTNET_gcServer"] = "0";
            return new Runner(Process.Start(psi) ?? throw new InvalidOperationException("could not start peersim"), json);
        }).ToList();
        return new PeerProcesses(runners, dir);
    }

    /// <summary>Whether every client process has exited.</summary>
    public bool AllEnded => _runners.All(r => r.Process.HasExited);

    /// <summary>Waits until the clients received <paramref name="pieces"/> pieces in all.</summary>
    public async Task WaitForPiecesAsync(int pieces, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (ReceivedPieces < pieces)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {pieces} pieces received within {within}:\n{Output}");
            if (AllEnded) throw new InvalidOperationException($"every client ended before {pieces} pieces:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for every client to end (within <paramref name="within"/>) and gathers their outcomes.</summary>
    public async Task<FleetResult> WaitAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(within);
        try
        {
            await Task.WhenAll(_runners.Select(r => r.Process.WaitForExitAsync(cts.Token)));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"clients still running after {within}:\n{Output}");
        }
        var outcomes = new List<PeerOutcome>();
        foreach (var (runner, i) in _runners.Select((r, i) => (r, i)))
        {
            if (!File.Exists(runner.Json))
                throw new InvalidOperationException($"client {i} exited with {runner.Process.ExitCode} and no result:\n{runner.Output}");
            var peer = FleetJson.Read(await File.ReadAllTextAsync(runner.Json)).Peers.Single();
            outcomes.Add(peer with { Index = i });
        }
        return new FleetResult(outcomes, clock.Elapsed);
    }

    /// <summary>What every client printed, for a failure message.</summary>
    public string Output => string.Join('\n', _runners.Select((r, i) => $"client {i}:\n{r.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _runners)
        {
            if (!r.Process.HasExited) r.Process.Kill(entireProcessTree: true);
            await r.Process.WaitForExitAsync();
            r.Process.Dispose();
        }
    }

    /// <summary>One client process: its output, and the pieces it reported received.</summary>
    private sealed class Runner
    {
        private readonly System.Text.StringBuilder _output = new();
        private int _received;

        public Runner(Process process, string json)
        {
            Process = process;
            Json = json;
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }
        public string Json { get; }
        public int Received => Volatile.Read(ref _received);

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        private void OnLine(string? line)
        {
            if (line is null) return;
            if (line.StartsWith("progress ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(9), CultureInfo.InvariantCulture, out var n))
            {
                Volatile.Write(ref _received, n);
                return;
            }
            lock (_output) _output.AppendLine(line);
        }
    }
}
