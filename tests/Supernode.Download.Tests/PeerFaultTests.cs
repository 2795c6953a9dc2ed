using Supernode.PeerSimulator;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>Peers that serve corrupt bytes or vanish: the others still finish with correct bytes.</summary>
public sealed class PeerFaultTests(ITestOutputHelper output)
{
    private const int PeerDownLimit = 4;

    [Fact]
    public async Task A_peer_serving_corrupt_pieces_is_reported_and_not_scheduled_to_its_victims_again()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/corrupt.bin", 30L * 1024 * 1024, seed: 5);
        // The bad peer downloads first, so it holds every piece and is the least loaded source the victims see.
        await using var bad = await h.FleetAsync(url, 1, (_, o) => o with { UploadFaults = new UploadFaults(ServeFault.Corrupt) });
        var badResult = await bad.DownloadAllAsync();
        Assert.Equal(1, badResult.Succeeded);
        var badCid = badResult.Peers[0].Download.Cid;

        await using var victims = await h.FleetAsync(url, 3, (i, o) => o with { Seed = 100 + i });
        var result = await victims.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(3, result.Succeeded);
        Assert.Contains(result.Peers, p => p.Download.PieceErrorsReported > 0);
        foreach (var p in result.Peers)
        {
            Assert.DoesNotContain(p.Download.Pieces, x => x.SourceCid == badCid);
            // Only pieces already handed out when the first corrupt one was reported can come from it.
            Assert.InRange(p.Download.FailedPieces.Count(f => f.SourceCid == badCid), 0, PeerDownLimit);
        }
    }

    [Fact]
    public async Task A_peer_that_vanishes_mid_download_does_not_stop_the_others()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/vanish.bin", 40L * 1024 * 1024, seed: 6);
        await using var fleet = await h.FleetAsync(url, 5, (i, o) => i == 0
            ? o with { UploadFaults = new UploadFaults(VanishAfterPieces: 2), DieAfterPieces = 4 }
            : o with { LocalLimit = 12 * 1024 * 1024 });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.All(result.Peers.Skip(1), p => Assert.True(p.Download.Success, p.Download.Reason));
    }
}
