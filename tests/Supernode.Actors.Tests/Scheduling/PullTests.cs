using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>What a pull answers (docs/protocol.md).</summary>
public sealed class PullTests
{
    [Fact]
    public void Unknown_client() =>
        Assert.IsType<PullOutcome.UnknownClient>(Create(4).Pull("nobody", 0));

    [Fact]
    public void Wait_while_the_cdn_has_written_nothing()
    {
        var s = Create(0).WithClients("a");
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 0));
    }

    [Fact]
    public void Pieces_are_handed_out_as_soon_as_written()
    {
        var s = Create(1, complete: false).WithClients("a");
        var first = s.Pull("a", 0).Pieces();
        Assert.Equal([new PieceAssignment(0, null)], first);

        s.UpdateCdnCopy(3, complete: false);
        var next = s.Pull("a", 1).Pieces();
        Assert.Equal([1, 2], next.Select(p => p.PieceNum).Order());
        Assert.All(next, p => Assert.True(p.FromSupernode));
    }

    [Fact]
    public void An_answer_has_at_most_the_down_limit_minus_what_is_running_then_busy()
    {
        var s = Create(10, settings: new SchedulerSettings { SupernodeBudget = 100 }).WithClients("a");
        var first = s.Pull("a", 0).Pieces();
        Assert.Equal(4, first.Length);
        Assert.IsType<PullOutcome.Busy>(s.Pull("a", 1));

        s.ReportGood("a", first[0]);
        Assert.Single(s.Pull("a", 2).Pieces());
        Assert.IsType<PullOutcome.Busy>(s.Pull("a", 3));

        s.ReportGood("a", first[1]);
        s.ReportGood("a", first[2]);
        Assert.Equal(2, s.Pull("a", 4).Pieces().Length);
        Assert.Equal(4, s.View("a").PiecesRunning);
    }

    [Fact]
    public void A_pull_sent_again_word_for_word_gets_the_pieces_of_its_lost_answer_and_takes_nothing_more()
    {
        var s = Create(10, settings: new SchedulerSettings { SupernodeBudget = 100 }).WithClients("a");
        var start = new PullKey(700, -1, "", null);
        var first = s.Pull("a", 0, start).Pieces();

        Assert.True(s.TryRepeat("a", start, out var again));
        Assert.Equal(first, again.ToArray());
        Assert.Equal(4, s.View("a").PiecesRunning);
        Assert.Equal(4, s.SupernodeLoad);

        // Another pull is no repeat; nor is the same one once a piece of its answer is reported.
        Assert.False(s.TryRepeat("a", start with { Status = 701 }, out _));
        s.ReportGood("a", first[0]);
        Assert.False(s.TryRepeat("a", start, out _));
    }

    [Fact]
    public void Releasing_the_supernode_pieces_frees_what_was_fetched_from_the_copy_and_only_that()
    {
        var s = Create(6, settings: new SchedulerSettings { SupernodeBudget = 100 }).WithClients("a", "b");
        s.GiveHeld("b", 0, 1, 2, 3, 4);
        var fromCopy = s.Pull("a", 0).Pieces();
        Assert.Contains(fromCopy, p => p.FromSupernode);
        Assert.Contains(fromCopy, p => !p.FromSupernode);

        s.ReleaseSupernodeAssignments();

        Assert.Equal(fromCopy.Count(p => !p.FromSupernode), s.View("a").PiecesRunning);
        Assert.Equal(0, s.SupernodeLoad);
    }

    [Fact]
    public void A_wait_is_not_remembered_dfget_repeats_those_itself()
    {
        var s = Create(0, complete: false).WithClients("a");
        var pull = new PullKey(700, -1, "", null);
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 0, pull));
        Assert.False(s.TryRepeat("a", pull, out _));
        s.UpdateCdnCopy(2, complete: false);
        Assert.Equal(2, s.Pull("a", 1, pull).Pieces().Length);
    }

    [Fact]
    public void Nothing_to_hand_out_is_wait_never_an_empty_assignment()
    {
        // Two pieces, both running for the client: candidates are gone but nothing may answer an empty 601.
        var s = Create(2).WithClients("a", "b");
        Assert.Equal(2, s.Pull("a", 0).Pieces().Length);
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 1));

        // Candidates exist, but the supernode budget is used up and nobody else holds them.
        var t = Create(8).WithClients("a", "b");
        Assert.Equal(4, t.Pull("a", 0).Pieces().Length);
        Assert.IsType<PullOutcome.Wait>(t.Pull("b", 1));
    }

    [Fact]
    public void Finished_only_once_the_total_is_known_and_every_piece_held()
    {
        var s = Create(2, complete: false).WithClients("a");
        var pieces = s.Pull("a", 0).Pieces();
        foreach (var p in pieces) s.ReportResult("a", p.PieceNum, SuperCid, PieceResult.SemiSuccess);
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 1));

        s.UpdateCdnCopy(3, complete: true);
        var last = Assert.Single(s.Pull("a", 2).Pieces());
        Assert.Equal(2, last.PieceNum);
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 3));
        s.ReportResult("a", 2, SuperCid, PieceResult.SemiSuccess);
        Assert.IsType<PullOutcome.Finished>(s.Pull("a", 4));
    }

    [Fact]
    public void A_bad_cdn_piece_is_not_handed_out_until_good_again()
    {
        var s = Create(2).WithClients("a");
        s.MarkCdnPieceBad(0);
        Assert.Equal([1], s.Pull("a", 0).Pieces().Select(p => p.PieceNum));
        Assert.IsType<PullOutcome.Wait>(s.Pull("a", 1));

        s.MarkCdnPieceGood(0);
        Assert.Equal([0], s.Pull("a", 2).Pieces().Select(p => p.PieceNum));
    }

    [Fact]
    public void Rarest_pieces_come_first()
    {
        var s = Create(3, settings: new SchedulerSettings { PeerDownLimit = 1 }).WithClients("a", "b", "c", "d");
        s.GiveHeld("a", 0, 2);
        s.GiveHeld("b", 0);
        Assert.Equal(2, s.HolderCount(0));
        Assert.Equal(0, s.HolderCount(1));

        Assert.Equal(1, Assert.Single(s.Pull("c", 0).Pieces()).PieceNum);
        Assert.Equal(2, Assert.Single(s.Pull("d", 1).Pieces()).PieceNum);
    }

    [Fact]
    public void Among_equally_rare_pieces_the_choice_is_random()
    {
        var firsts = new HashSet<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var s = Create(10, settings: new SchedulerSettings { PeerDownLimit = 2 }, seed: seed).WithClients("h", "a");
            s.GiveHeld("h", 0, 1, 2, 3, 4, 5, 6, 7, 8);
            // Piece 9 is the rarest (only the supernode has it); the other nine are equally rare.
            var pieces = s.Pull("a", 0).Pieces();
            Assert.Equal(new PieceAssignment(9, null), pieces[0]);
            firsts.Add(pieces[1].PieceNum);
        }
        Assert.True(firsts.Count >= 5, $"only pieces {string.Join(", ", firsts)}");
    }
}
