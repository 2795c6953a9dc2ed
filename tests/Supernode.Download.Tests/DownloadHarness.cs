using System.Security.Cryptography;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>A loopback origin and a supernode process in one temp dir, and fleets of simulated peers against them.</summary>
public sealed class DownloadHarness : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly HeldListeners? _listeners;

    private DownloadHarness(ITestOutputHelper output, bool holdSockets, string[] args, int repoDiskMiB = 0)
    {
        _output = output;
        Dir = new TempDir("supernode-download");
        RepoDisk = repoDiskMiB > 0 ? TmpfsMount.Create(Dir.Combine("home", "repo"), repoDiskMiB) : null;
        Origin = new LoopbackOrigin();
        _listeners = holdSockets ? new HeldListeners() : null;
        Supernode = _listeners is null ? new SupernodeProcess(Dir.Combine("home"), args) : new SupernodeProcess(Dir.Combine("home"), _listeners, args);
    }

    public TempDir Dir { get; }
    public LoopbackOrigin Origin { get; }
    public SupernodeProcess Supernode { get; }

    /// <summary>The tmpfs the supernode's repo is on, when started with <see cref="StartOnSmallDiskAsync"/>.</summary>
    public TmpfsMount? RepoDisk { get; }

    /// <param name="holdSockets">Hold the supernode's sockets in the test (socket activation) so it can restart without refusing anyone.</param>
    /// <param name="args">More supernode flags.</param>
    public static async Task<DownloadHarness> StartAsync(ITestOutputHelper output, bool holdSockets = false, params string[] args)
    {
        var h = new DownloadHarness(output, holdSockets, args);
        await h.StartAsync();
        return h;
    }

    /// <summary>A supernode whose repo (the CDN copies; not its database or logs) is a tmpfs of <paramref name="repoMiB"/> MiB.</summary>
    public static async Task<DownloadHarness> StartOnSmallDiskAsync(ITestOutputHelper output, int repoMiB, params string[] args)
    {
        var h = new DownloadHarness(output, holdSockets: false, args, repoMiB);
        await h.StartAsync();
        return h;
    }

    private async Task StartAsync()
    {
        try
        {
            await Origin.StartAsync();
            await Supernode.StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Serves <paramref name="length"/> seeded bytes at <paramref name="path"/> from a file; returns the URL and the content md5.</summary>
    public (string Url, string Md5) ServeFile(string path, long length, int seed = 1, OriginFileOptions? options = null)
    {
        var file = Dir.Combine("origin" + path.Replace('/', '_'));
        SeededContent.WriteFile(file, length, seed);
        Origin.ServeFile(path, file, options ?? new OriginFileOptions { ETag = $"\"{seed}-{length}\"" });
        using var stream = File.OpenRead(file);
        return (Origin.Url(path), Convert.ToHexStringLower(MD5.HashData(stream)));
    }

    public Task<PeerFleet> FleetAsync(string url, int peers, Func<int, PeerOptions, PeerOptions>? tune = null)
    {
        var outputs = Directory.CreateDirectory(Dir.Combine("peers", Guid.NewGuid().ToString("N")[..8])).FullName;
        return PeerFleet.StartAsync(peers, i =>
        {
            var options = PeerOptions.Local([Supernode.ApiUrl], url, outputs, i, TimeSpan.FromSeconds(120));
            return tune is null ? options : tune(i, options);
        });
    }

    /// <summary>Prints the fleet's table and checks every successful output against the source md5.</summary>
    public void Report(FleetResult result, string md5)
    {
        _output.WriteLine(result.FormatSummary());
        if (result.Failed > 0) _output.WriteLine("supernode output:\n" + string.Join('\n', Supernode.Output.Split('\n').TakeLast(300)));
        foreach (var p in result.Peers.Where(p => p.Download.Success))
        {
            using var stream = File.OpenRead(p.Download.OutputPath);
            Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(stream)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Supernode.DisposeAsync();
        await Origin.DisposeAsync();
        _listeners?.Dispose();
        RepoDisk?.Dispose();
        Dir.Dispose();
    }
}
