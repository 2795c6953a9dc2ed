using System.Diagnostics;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>
/// The replica's bandwidth limits hold: source fetches at maxBandwidth − systemReservedBandwidth, download-port
/// answers at downloadBandwidth, each within 10 % over a transfer of a few seconds.
/// </summary>
public sealed class BandwidthTests(ITestOutputHelper output)
{
    private const long Limit = 8 * 1024 * 1024;
    private const long Length = 16L * 1024 * 1024;

    [Fact]
    public async Task A_cdn_fetch_keeps_to_the_source_budget()
    {
        // 28 MB/s allowed, 20 MB/s reserved for the system: 8 MB/s for the source.
        await using var h = await DownloadHarness.StartAsync(output, false, "--max-bandwidth", "28M", "--system-bandwidth", "20M");
        var (url, _) = h.ServeFile("/limited.bin", Length);
        var client = new SupernodeClient(h.Supernode);

        // The copy starts when the registration is answered (the probe before it reads no body).
        var registered = await client.RegisterAsync(DfgetRegistration.For(url));
        var clock = Stopwatch.StartNew();
        var taskId = registered.Json.GetProperty("data").GetProperty("taskId").GetString()!;
        await client.WaitForTaskAsync(taskId, t => t.GetProperty("cdnStatus").GetString() == "SUCCESS", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
        clock.Stop();

        Assert.Contains($"supernode_source_bandwidth_limit_bytes_per_second {Limit}", (await client.GetAsync("/metrics")).Text);
        var rate = Length / clock.Elapsed.TotalSeconds;
        output.WriteLine($"source fetch: {Length:N0} bytes in {clock.Elapsed.TotalSeconds:0.000} s = {rate / Limit:0.000} × the limit");
        Assert.InRange(rate / Limit, 0.9, 1.1);
    }

    [Fact]
    public async Task The_download_port_keeps_to_its_budget_across_concurrent_readers()
    {
        await using var h = await DownloadHarness.StartAsync(output, false, "--download-bandwidth", "8M");
        var (url, _) = h.ServeFile("/served.bin", Length);
        var client = new SupernodeClient(h.Supernode);
        var registered = await client.RegisterAsync(DfgetRegistration.For(url));
        var taskId = registered.Json.GetProperty("data").GetProperty("taskId").GetString()!;
        var task = await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        var pieces = task.GetProperty("pieceTotal").GetInt32();
        var pieceSize = task.GetProperty("pieceSize").GetInt32();

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, pieces).Select(p => client.GetPieceAsync(taskId, p, pieceSize)));
        clock.Stop();

        var bytes = answers.Sum(a => (long)a.Body.Length);
        var rate = bytes / clock.Elapsed.TotalSeconds;
        output.WriteLine($"download port: {pieces} concurrent pieces, {bytes:N0} bytes in {clock.Elapsed.TotalSeconds:0.000} s = {rate / Limit:0.000} × the limit");
        Assert.InRange(rate / Limit, 0.9, 1.1);
    }
}
