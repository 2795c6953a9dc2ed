using System.Text.Json;
using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>The durable part survives a JSON round trip and keeps its effect; running work and loads do not survive.</summary>
public sealed class SnapshotTests
{
    private static readonly string[] Cids = ["a", "b", "c", "d", "e"];

    [Fact]
    public void A_restored_scheduler_decides_as_the_original_would_without_the_running_work()
    {
        var s = Built();
        var json = JsonSerializer.Serialize(s.Snapshot());
        var restored = PieceScheduler.Restore(JsonSerializer.Deserialize<SchedulerSnapshot>(json)!, SchedulerSettings.Default, new Random(3));

        Assert.Equal(json, JsonSerializer.Serialize(restored.Snapshot()));
        foreach (var cid in Cids)
            Assert.Equal(s.View(cid) with { PiecesRunning = 0, ProducerLoad = 0 }, restored.View(cid));
        Assert.Equal(0, restored.SupernodeLoad);
        for (var p = 0; p < 4; p++) Assert.Equal(s.HolderCount(p), restored.HolderCount(p));

        // a finished; d is still failed by a (blacklist) and b is down: d gets 0–2 from the supernode, 3 is bad.
        Assert.IsType<PullOutcome.Finished>(restored.Pull("a", 0));
        var d = restored.Pull("d", 0).Pieces();
        Assert.Equal([0, 1, 2], d.Select(p => p.PieceNum).Order());
        Assert.All(d, p => Assert.True(p.FromSupernode));
        // e may use a; neither b (down) nor c (cdn pattern) is a source.
        Assert.All(restored.Pull("e", 0).Pieces(), p => Assert.Equal("a", p.SourceCid));
    }

    [Fact]
    public void Two_restores_with_the_same_seed_decide_alike()
    {
        var snapshot = Built().Snapshot();
        var x = PieceScheduler.Restore(snapshot, SchedulerSettings.Default, new Random(9));
        var y = PieceScheduler.Restore(snapshot, SchedulerSettings.Default, new Random(9));
        foreach (var cid in new[] { "e", "d", "c" })
            Assert.Equal(x.Pull(cid, 0).Pieces(), y.Pull(cid, 0).Pieces());
    }

    [Fact]
    public void Blacklist_entries_naming_a_removed_client_are_not_kept()
    {
        var s = Create(1).WithClients("a", "b");
        s.GiveHeld("a", 0);
        s.ReportPieceError("b", "a", 0);
        Assert.Equal(["a"], s.Snapshot().Clients.Single(c => c.Cid == "b").Blacklist);
        s.RemoveClient("a");
        Assert.Empty(s.Snapshot().Clients.Single(c => c.Cid == "b").Blacklist);
    }

    /// <summary>
    /// 4 pieces, piece 3 bad on the CDN. a (p2p) has everything; b (p2p, down) holds 2; c (cdn pattern) has 0;
    /// d was failed by a on every piece (one blacklist entry, one service error against a) and now runs
    /// pieces from the supernode; e is fresh.
    /// </summary>
    private static PieceScheduler Built()
    {
        var s = Create(4).WithClients("a", "b", "d", "e");
        s.AddClient("c", servesPieces: false);
        s.GiveHeld("a", 0, 1, 2, 3);
        s.GiveHeld("b", 2);
        s.GiveHeld("c", 0);
        s.MarkDown("b");
        s.MarkCdnPieceBad(3);
        var d = s.Pull("d", 0).Pieces();
        Assert.All(d, p => Assert.Equal("a", p.SourceCid));
        foreach (var p in d) s.ReportResult("d", p.PieceNum, "a", PieceResult.Failed);
        Assert.Equal(1, s.View("a").ServiceErrors);
        Assert.Equal(3, s.View("d").ConsecutiveFailures);
        Assert.All(s.Pull("d", 1).Pieces(), p => Assert.True(p.FromSupernode));
        return s;
    }
}
