using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Who a piece is fetched from (docs/scheduling.md steps 5–6).</summary>
public sealed class SourceSelectionTests
{
    private static readonly SchedulerSettings OnePiece = new() { PeerDownLimit = 1 };

    [Fact]
    public void A_p2p_holder_is_preferred_over_the_supernode()
    {
        var s = Create(1).WithClients("a", "b");
        s.GiveHeld("a", 0);
        Assert.Equal([new PieceAssignment(0, "a")], s.Pull("b", 0).Pieces());
        Assert.Equal(1, s.View("a").ProducerLoad);
        Assert.Equal(0, s.SupernodeLoad);
    }

    [Fact]
    public void A_cdn_pattern_client_is_never_a_source()
    {
        var s = Create(1).WithClients("b");
        s.AddClient("c", servesPieces: false);
        s.GiveHeld("c", 0);
        Assert.Equal(0, s.HolderCount(0));
        Assert.Equal(1, s.View("c").PiecesHeld);
        Assert.Equal([new PieceAssignment(0, null)], s.Pull("b", 0).Pieces());
    }

    [Fact]
    public void A_failed_source_is_never_offered_again_to_that_client_and_its_load_drops()
    {
        var s = Create(1).WithClients("a", "b", "c");
        s.GiveHeld("a", 0);
        Assert.Equal("a", Assert.Single(s.Pull("b", 0).Pieces()).SourceCid);

        s.ReportResult("b", 0, "a", PieceResult.Failed);
        Assert.Equal(0, s.View("a").ProducerLoad);
        Assert.Equal(1, s.View("a").ServiceErrors);
        Assert.Equal(1, s.View("b").ConsecutiveFailures);

        for (var t = 1; t < 20; t++)
        {
            var again = Assert.Single(s.Pull("b", t).Pieces());
            Assert.Equal(new PieceAssignment(0, null), again);
            s.ReportResult("b", 0, SuperCid, PieceResult.Failed);
        }
        // Supernode failures are not the client's record.
        Assert.Equal(1, s.View("b").ConsecutiveFailures);
        // Others still get the piece from a.
        Assert.Equal("a", Assert.Single(s.Pull("c", 20).Pieces()).SourceCid);
    }

    [Fact]
    public void A_piece_error_blames_the_peer_once_and_withdraws_it_as_holder_of_that_piece()
    {
        var s = Create(2).WithClients("a", "b", "c");
        s.GiveHeld("a", 0, 1);
        var assigned = s.Pull("b", 0).Pieces();
        Assert.All(assigned, p => Assert.Equal("a", p.SourceCid));

        Assert.False(s.ReportPieceError("b", "a", 0));
        s.ReportResult("b", 0, "a", PieceResult.Failed);
        Assert.Equal(1, s.View("a").ServiceErrors);
        Assert.Equal(0, s.HolderCount(0));
        Assert.Equal(1, s.HolderCount(1));
        // Piece 0 is still running for b from a until its result: the load drops by that one only.
        Assert.Equal(1, s.View("a").ProducerLoad);

        Assert.Equal([new PieceAssignment(0, null)], s.Pull("c", 1).Pieces().Where(p => p.PieceNum == 0));
    }

    [Fact]
    public void A_piece_error_against_the_supernode_asks_for_a_cdn_check()
    {
        var s = Create(1).WithClients("b");
        Assert.True(s.ReportPieceError("b", SuperCid, 0));
        Assert.Equal(0, s.View("b").ConsecutiveFailures);
    }

    [Fact]
    public void A_source_that_failed_too_many_clients_is_eliminated_until_it_serves_well_again()
    {
        var limit = SchedulerSettings.Default.EliminationLimit;
        var s = Create(1, settings: OnePiece).WithClients("a");
        s.GiveHeld("a", 0);
        for (var i = 0; i < limit - 1; i++) Fail(s, $"v{i}", "a");
        Assert.Equal(limit - 1, s.View("a").ServiceErrors);

        // Still offered below the limit; this one succeeds, which clears the record.
        s.AddClient("ok", servesPieces: false);
        var good = Assert.Single(s.Pull("ok", 0).Pieces());
        Assert.Equal("a", good.SourceCid);
        s.ReportGood("ok", good);
        Assert.Equal(0, s.View("a").ServiceErrors);

        for (var i = 0; i < limit; i++) Fail(s, $"w{i}", "a");
        Assert.Equal(limit, s.View("a").ServiceErrors);
        s.AddClient("x", servesPieces: true);
        Assert.Equal(new PieceAssignment(0, null), Assert.Single(s.Pull("x", 0).Pieces()));
    }

    [Fact]
    public void A_client_failed_too_often_by_peers_is_served_by_the_supernode_only()
    {
        var limit = SchedulerSettings.Default.FailureCountLimit;
        var s = Create(2, settings: OnePiece).WithClients("b");
        // limit + 1 distinct holders fail b in turn (each is blacklisted after its failure).
        for (var i = 0; i <= limit; i++)
        {
            s.AddClient($"h{i}", servesPieces: true);
            s.GiveHeld($"h{i}", 0, 1);
            var a = Assert.Single(s.Pull("b", i).Pieces());
            Assert.Equal($"h{i}", a.SourceCid);
            s.ReportResult("b", a.PieceNum, a.SourceCid, PieceResult.Failed);
        }
        Assert.Equal(limit + 1, s.View("b").ConsecutiveFailures);

        s.AddClient("fresh", servesPieces: true);
        s.GiveHeld("fresh", 0, 1);
        var fromSupernode = Assert.Single(s.Pull("b", 100).Pieces());
        Assert.True(fromSupernode.FromSupernode);

        // Still within the supernode budget.
        s.SupernodeBudget = 1;
        Assert.IsType<PullOutcome.Busy>(s.Pull("b", 101));
        s.ReportResult("b", fromSupernode.PieceNum, SuperCid, PieceResult.Failed);
        s.AddClient("other", servesPieces: true);
        Assert.True(Assert.Single(s.Pull("other", 102).Pieces()) is { FromSupernode: false });
        s.AddClient("hog", servesPieces: false);
        s.UpdateCdnCopy(3, complete: true);
        Assert.True(Assert.Single(s.Pull("hog", 103).Pieces()) is { PieceNum: 2, FromSupernode: true });
        Assert.IsType<PullOutcome.Wait>(s.Pull("b", 104));
    }

    [Fact]
    public void A_peer_success_ends_the_failure_streak()
    {
        var s = Create(2, settings: OnePiece).WithClients("a", "h", "b");
        s.GiveHeld("a", 0, 1);
        s.GiveHeld("h", 0, 1);
        var first = Assert.Single(s.Pull("b", 0).Pieces());
        s.ReportResult("b", first.PieceNum, first.SourceCid, PieceResult.Failed);
        Assert.Equal(1, s.View("b").ConsecutiveFailures);
        var second = Assert.Single(s.Pull("b", 1).Pieces());
        Assert.NotEqual(first.SourceCid, second.SourceCid);
        s.ReportGood("b", second);
        Assert.Equal(0, s.View("b").ConsecutiveFailures);
    }

    [Fact]
    public void A_down_client_is_never_a_source_and_stops_counting_as_holder()
    {
        var s = Create(1).WithClients("a", "b");
        s.GiveHeld("a", 0);
        Assert.True(s.MarkDown("a"));
        Assert.False(s.MarkDown("a"));
        Assert.Equal(0, s.HolderCount(0));
        Assert.Equal(new PieceAssignment(0, null), Assert.Single(s.Pull("b", 0).Pieces()));
        // A down client still downloads and finishes.
        Assert.IsType<PullOutcome.Finished>(s.Pull("a", 1));
    }

    [Fact]
    public void A_holder_at_its_upload_limit_is_skipped()
    {
        var up = SchedulerSettings.Default.PeerUpLimit;
        var s = Create(1).WithClients("a");
        s.GiveHeld("a", 0);
        for (var i = 0; i < up; i++)
        {
            s.AddClient($"d{i}", servesPieces: true);
            Assert.Equal("a", Assert.Single(s.Pull($"d{i}", i).Pieces()).SourceCid);
        }
        Assert.Equal(up, s.View("a").ProducerLoad);
        s.AddClient("late", servesPieces: true);
        Assert.True(Assert.Single(s.Pull("late", up).Pieces()).FromSupernode);
    }

    [Fact]
    public void The_least_loaded_holder_is_preferred_and_ties_are_random()
    {
        var chosen = new HashSet<string>();
        for (var seed = 0; seed < 40; seed++)
        {
            var s = Create(2, settings: OnePiece, seed: seed).WithClients("a", "b", "x", "y");
            s.GiveHeld("a", 0, 1);
            s.GiveHeld("b", 0, 1);
            var first = Assert.Single(s.Pull("x", 0).Pieces()).SourceCid!;
            chosen.Add(first);
            var other = first == "a" ? "b" : "a";
            Assert.Equal(other, Assert.Single(s.Pull("y", 1).Pieces()).SourceCid);
        }
        Assert.Equal(["a", "b"], chosen.Order());
    }

    [Fact]
    public void The_supernode_budget_caps_pieces_in_flight_from_the_supernode_and_can_be_raised()
    {
        var s = Create(20).WithClients("c0", "c1", "c2", "c3", "c4");
        var budget = SchedulerSettings.Default.PeerDownLimit;
        Assert.Equal(budget, s.SupernodeBudget);
        var waited = 0;
        for (var round = 0; round < 3; round++)
            for (var c = 0; c < 5; c++)
            {
                if (s.Pull($"c{c}", round * 5 + c) is PullOutcome.Wait) waited++;
                Assert.True(s.SupernodeLoad <= budget);
            }
        Assert.Equal(budget, s.SupernodeLoad);
        Assert.Equal(4 * 3, waited);

        s.SupernodeBudget = 12;
        Assert.Equal(4, s.Pull("c1", 100).Pieces().Length);
        Assert.Equal(4, s.Pull("c2", 101).Pieces().Length);
        Assert.IsType<PullOutcome.Wait>(s.Pull("c3", 102));
        Assert.Equal(12, s.SupernodeLoad);

        // Lowering it revokes nothing; it only holds back new assignments until the load falls under it.
        s.SupernodeBudget = 2;
        Assert.IsType<PullOutcome.Wait>(s.Pull("c3", 103));
        Assert.Equal(12, s.SupernodeLoad);
        s.SupernodeBudget = 0;
        Assert.Equal(budget, s.SupernodeBudget);
    }

    private static void Fail(PieceScheduler s, string cid, string expectedSource)
    {
        s.AddClient(cid, servesPieces: true);
        var a = Assert.Single(s.Pull(cid, 0).Pieces());
        Assert.Equal(expectedSource, a.SourceCid);
        s.ReportResult(cid, a.PieceNum, a.SourceCid, PieceResult.Failed);
    }
}
