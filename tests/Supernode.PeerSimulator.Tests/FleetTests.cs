using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

public sealed class FleetTests : IDisposable
{
    private const int PieceSize = 16 * 1024;
    private readonly TempDir _dir = new("peersim-fleet");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Five_peers_download_concurrently_share_pieces_and_announce_their_tasks_at_stop(bool sharedUploader)
    {
        var content = SeededContent.Bytes(8 * (PieceSize - 5) - 100, seed: 51);
        var mini = new MiniSupernode(content, PieceSize) { PreferPeers = true, PiecesPerAnswer = 2 };
        await using var sn = await Harness.StartAsync(mini);
        var shared = sharedUploader ? await Uploader.StartAsync() : null;

        FleetResult result;
        await using (var fleet = await PeerFleet.StartAsync(5, i => Harness.Options(_dir, sn) with { SharedUploader = shared, Seed = i }))
        {
            Assert.Equal(5, fleet.Peers.Select(p => p.Cid).Distinct().Count());
            Assert.Equal(sharedUploader ? 1 : 5, fleet.Peers.Select(p => p.Port).Distinct().Count());

            result = await fleet.DownloadAllAsync();

            Assert.Equal(5, result.Succeeded);
            foreach (var peer in fleet.Peers) Assert.Equal(content, await File.ReadAllBytesAsync(peer.OutputPath));
        }
        if (shared is not null) await shared.DisposeAsync();

        Assert.Equal(5L * content.Length, result.BytesFromSupernode + result.BytesFromPeers);
        Assert.Equal(result.Peers.Sum(p => p.Download.PiecesFromPeers), result.PiecesServed);
        Assert.All(result.Peers, p => Assert.Equal(8, p.Download.Pieces.Select(x => x.PieceNum).Distinct().Count()));
        Assert.Equal(5, sn.Api("/peer/service/down").Select(r => r.Param("cid")).Distinct().Count());
        Assert.Equal(10, sn.Api("/task/metrics").Count);

        var summary = result.FormatSummary().TrimEnd().Split('\n');
        Assert.Equal(7, summary.Length);
        Assert.StartsWith("total: 5 ok, 0 failed", summary[^1]);
    }
}
