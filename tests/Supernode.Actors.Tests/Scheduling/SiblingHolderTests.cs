using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Groups of one task exchanging holders, so their clients stay one P2P network (docs/scheduling.md, hot tasks).</summary>
public sealed class SiblingHolderTests
{
    private static readonly SchedulerSettings OnePiece = new() { PeerDownLimit = 1 };

    private static ulong[] Words(params int[] pieces)
    {
        var b = new PieceBitmap();
        foreach (var p in pieces) b.Add(p);
        return b.ToWords();
    }

    [Fact]
    public void A_holder_of_another_group_is_a_source_and_the_exchange_is_counted()
    {
        var s = Create(2, settings: OnePiece).WithClients("b");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0, 1))], uploadLimit: 2);

        Assert.Equal("x", Assert.Single(s.Pull("b", 0).Pieces()).SourceCid);
        Assert.Equal(1, s.SiblingPiecesAssigned);
        Assert.Equal(1, s.HolderCount(1));
    }

    [Fact]
    public void A_sibling_is_no_client_of_the_group()
    {
        var s = Create(1).WithClients("b");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0))], uploadLimit: 2);

        Assert.Equal(1, s.ClientCount);
        Assert.IsType<PullOutcome.UnknownClient>(s.Pull("x", 0));
        Assert.False(s.ReportSuccess("x", 0, SuperCid));
        Assert.Null(s.GetClient("x"));
        Assert.Equal(["b"], s.Map(SuperCid).Select(c => c.Cid));
        Assert.Equal(["b"], s.Snapshot().Clients.Select(c => c.Cid));
    }

    [Fact]
    public void A_sibling_serves_this_group_up_to_its_own_limit()
    {
        var s = Create(1, settings: OnePiece with { SupernodeBudget = 1 }).WithClients("b", "c");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0))], uploadLimit: 1);

        Assert.Equal("x", Assert.Single(s.Pull("b", 0).Pieces()).SourceCid);
        Assert.Null(Assert.Single(s.Pull("c", 0).Pieces()).SourceCid);
    }

    [Fact]
    public void A_new_share_replaces_what_the_sibling_shared_before()
    {
        var s = Create(2).WithClients("b");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0, 1)), new SiblingHolder("y", Words(0))], uploadLimit: 2);
        s.UpdateSiblingHolders(2, [new SiblingHolder("z", Words(1))], uploadLimit: 2);
        Assert.Equal((2, 2), (s.HolderCount(0), s.HolderCount(1)));

        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(1))], uploadLimit: 2);

        Assert.Equal((0, 2), (s.HolderCount(0), s.HolderCount(1)));
        s.UpdateSiblingHolders(1, [], uploadLimit: 2);
        Assert.Equal((0, 1), (s.HolderCount(0), s.HolderCount(1)));
        Assert.Equal(1, s.ClientCount);
    }

    [Fact]
    public void A_result_from_a_sibling_is_recorded_and_a_bad_sibling_is_blacklisted()
    {
        var s = Create(2, settings: OnePiece).WithClients("b");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0, 1))], uploadLimit: 5);
        var first = Assert.Single(s.Pull("b", 0).Pieces());
        s.ReportGood("b", first);
        Assert.Equal(1, s.View("b").PiecesHeld);

        var second = Assert.Single(s.Pull("b", 0).Pieces());
        Assert.Equal("x", second.SourceCid);
        s.ReportPieceError("b", "x", second.PieceNum);
        s.ReportResult("b", second.PieceNum, "x", PieceResult.Failed);
        Assert.Null(Assert.Single(s.Pull("b", 0).Pieces()).SourceCid);
    }

    [Fact]
    public void A_group_shares_a_few_of_its_least_loaded_holders_of_every_piece()
    {
        var s = Create(2, settings: OnePiece).WithClients("a", "b", "c", "d");
        s.GiveHeld("c", 0);
        s.GiveHeld("d", 1);
        Assert.Equal("c", Assert.Single(s.Pull("d", 0).Pieces()).SourceCid);
        s.GiveHeld("a", 0, 1);
        s.GiveHeld("b", 0);

        var shared = s.ShareHolders(perPiece: 2).ToDictionary(h => h.Cid, h => PieceBitmap.FromWords(h.Pieces));

        // c uploads to d: a and b are the idle holders of piece 0; a and d hold piece 1.
        Assert.Equal(["a", "b", "d"], shared.Keys.Order());
        Assert.True(shared["a"].Contains(0) && shared["a"].Contains(1));
        Assert.True(shared["b"].Contains(0) && !shared["b"].Contains(1));
        Assert.True(!shared["d"].Contains(0) && shared["d"].Contains(1));
    }

    [Fact]
    public void Siblings_are_not_shared_on()
    {
        var s = Create(1).WithClients("a");
        s.GiveHeld("a", 0);
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0))], uploadLimit: 2);

        Assert.Equal(["a"], s.ShareHolders(perPiece: 4).Select(h => h.Cid));
    }

    [Fact]
    public void A_client_that_joins_this_group_stops_being_a_sibling()
    {
        var s = Create(1).WithClients("b");
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0))], uploadLimit: 2);
        s.AddClient("x", servesPieces: true);

        Assert.Equal(2, s.ClientCount);
        Assert.Equal(0, s.HolderCount(0));
        s.UpdateSiblingHolders(1, [new SiblingHolder("x", Words(0))], uploadLimit: 2);
        Assert.Equal(0, s.HolderCount(0));
        s.UpdateSiblingHolders(1, [], uploadLimit: 2);
        Assert.Equal(2, s.ClientCount);
    }

    [Fact]
    public void A_client_always_falls_in_the_same_group_and_groups_are_evenly_filled()
    {
        Assert.Equal(0, ClientGroup.Of("any", 1));
        Assert.Equal(ClientGroup.Of("10.0.0.7-4242-1700000000.123", 8), ClientGroup.Of("10.0.0.7-4242-1700000000.123", 8));
        var counts = new int[8];
        for (var i = 0; i < 8_000; i++) counts[ClientGroup.Of($"10.0.{i >> 8 & 255}.{i & 255}-{1000 + i}-1700000000.{i % 1000:000}", 8)]++;
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }
}
