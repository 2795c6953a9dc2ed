using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>One real supernode process and a loopback origin in a temp dir, as the benchmarks use them.</summary>
public sealed class BenchSupernode : IAsyncDisposable
{
    private BenchSupernode(TempDir dir, SupernodeProcess process, LoopbackOrigin origin)
    {
        Dir = dir;
        Process = process;
        Origin = origin;
        Client = new SupernodeClient(process);
    }

    public TempDir Dir { get; }
    public SupernodeProcess Process { get; }
    public LoopbackOrigin Origin { get; }
    public SupernodeClient Client { get; }

    public static async Task<BenchSupernode> StartAsync()
    {
        var dir = new TempDir("supernode-bench");
        // Go's default maxBandwidth (200 MB/s for all source fetches of a replica) would cap the ingest benchmark.
        var process = new SupernodeProcess(dir.Combine("home"), "--max-bandwidth", "100GB");
        var origin = new LoopbackOrigin();
        await origin.StartAsync();
        await process.StartAsync(TimeSpan.FromSeconds(90));
        return new BenchSupernode(dir, process, origin);
    }

    /// <summary>A seeded file of <paramref name="length"/> bytes served by the origin at <paramref name="path"/>.</summary>
    public string ServeFile(string path, long length, int seed)
    {
        var file = Dir.Combine("origin" + path.Replace('/', '_'));
        if (!File.Exists(file)) SeededContent.WriteFile(file, length, seed);
        Origin.ServeFile(path, file, new OriginFileOptions { ETag = $"\"{seed}-{length}\"" });
        return Origin.Url(path);
    }

    /// <summary>Registers one client for <paramref name="url"/> and waits for the CDN copy; the task id.</summary>
    public Task<string> CopyAsync(string url, TimeSpan within) => ControlPlaneBench.CopyAsync(Client, url, within);

    public async ValueTask DisposeAsync()
    {
        await Process.KillAsync();
        await Origin.DisposeAsync();
        Dir.Dispose();
    }
}
