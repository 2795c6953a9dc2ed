using Supernode.PeerSimulator;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>Several dfget-faithful peers download one file through one supernode, mostly from each other.</summary>
public sealed class FleetDownloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_peers_download_50_MB_once_from_the_origin_and_share_pieces()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/file50m.bin", 50L * 1024 * 1024);
        await using var fleet = await h.FleetAsync(url, 5);

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(5, result.Succeeded);
        // One body fetch; the registration probe asks for one byte.
        var origin = h.Origin.Stats("/file50m.bin");
        Assert.True(origin.Requests.Count(r => r.Range != "bytes=0-0") == 1, string.Join("\n", origin.Requests));
        Assert.Equal(50L * 1024 * 1024 + 1, origin.BodyBytes);
        Assert.True(result.PiecesServed > 0, "no piece was served by a peer");
        Assert.True(result.BytesFromPeers > 0);
        foreach (var p in result.Peers)
        {
            var twice = p.Download.Pieces.Where(x => x.FromSupernode).GroupBy(x => x.PieceNum).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.Empty(twice);
        }
    }

    /// <summary>0 bytes, 1 byte, exactly one piece (4 MiB less the 5 wrapper bytes), one piece plus one byte.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4194299)]
    [InlineData(4194300)]
    public async Task Edge_sizes_finish_with_the_right_600_answer(long length)
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile($"/edge{length}.bin", length, seed: (int)(length % 1000) + 3);
        await using var fleet = await h.FleetAsync(url, 2);

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(2, result.Succeeded);
        Assert.All(result.Peers, p => Assert.Equal(length, new FileInfo(p.Download.OutputPath).Length));
        Assert.All(result.Peers, p => Assert.Equal(length, p.Download.FileLength));
    }
}
