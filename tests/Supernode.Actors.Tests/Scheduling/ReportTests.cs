using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Piece results, their accounting, and clients coming and going (docs/scheduling.md).</summary>
public sealed class ReportTests
{
    private static readonly SchedulerSettings Timeout10s = new() { AssignmentTimeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_suc_and_503_reports_of_one_piece_count_once_in_either_order(bool sucFirst)
    {
        var s = Create(2).WithClients("a", "b");
        s.GiveHeld("a", 0);
        var assigned = s.Pull("b", 0).Pieces();
        // The rarest piece first.
        Assert.Equal([new PieceAssignment(1, null), new PieceAssignment(0, "a")], assigned);
        Assert.Equal(1, s.View("a").ProducerLoad);
        Assert.Equal(1, s.SupernodeLoad);

        foreach (var a in assigned)
        {
            var source = a.SourceCid ?? SuperCid;
            if (sucFirst)
            {
                s.ReportSuccess("b", a.PieceNum, source);
                s.ReportResult("b", a.PieceNum, source, PieceResult.SemiSuccess);
            }
            else
            {
                s.ReportResult("b", a.PieceNum, source, PieceResult.SemiSuccess);
                s.ReportSuccess("b", a.PieceNum, source);
            }
            // A third, stray report changes nothing either.
            s.ReportSuccess("b", a.PieceNum, source);
        }
        Assert.Equal(0, s.View("a").ProducerLoad);
        Assert.Equal(0, s.SupernodeLoad);
        Assert.Equal(new ClientView(true, false, 2, 0, 0, 0, 0), s.View("b"));
        Assert.Equal(2, s.HolderCount(0));
        Assert.Equal(1, s.HolderCount(1));
    }

    [Fact]
    public void Only_the_suc_report_makes_a_holder()
    {
        var s = Create(1).WithClients("b");
        var a = Assert.Single(s.Pull("b", 0).Pieces());
        s.ReportResult("b", a.PieceNum, SuperCid, PieceResult.SemiSuccess);
        Assert.Equal(1, s.View("b").PiecesHeld);
        Assert.Equal(0, s.HolderCount(0));
        s.ReportSuccess("b", a.PieceNum, SuperCid);
        Assert.Equal(1, s.HolderCount(0));
    }

    [Fact]
    public void A_success_is_final()
    {
        var s = Create(1).WithClients("a", "b");
        s.GiveHeld("a", 0);
        var a = Assert.Single(s.Pull("b", 0).Pieces());
        s.ReportSuccess("b", 0, "a");
        s.ReportResult("b", 0, "a", PieceResult.Failed);
        Assert.Equal(new ClientView(true, false, 1, 0, 0, 0, 0), s.View("b"));
        Assert.Equal(0, s.View("a").ServiceErrors);
        Assert.IsType<PullOutcome.Finished>(s.Pull("b", 1));
        Assert.Equal("a", a.SourceCid);
    }

    [Fact]
    public void Reports_for_unknown_clients_or_unwritten_pieces_change_nothing()
    {
        var s = Create(2, complete: false).WithClients("b");
        Assert.False(s.ReportResult("nobody", 0, SuperCid, PieceResult.SemiSuccess));
        Assert.False(s.ReportSuccess("nobody", 0, SuperCid));
        Assert.True(s.ReportSuccess("b", 2, SuperCid));
        Assert.True(s.ReportSuccess("b", -1, SuperCid));
        Assert.True(s.ReportSuccess("b", int.MaxValue, SuperCid));
        Assert.Equal(0, s.View("b").PiecesHeld);
        Assert.Equal(0, s.HolderCount(2));
    }

    [Fact]
    public void Stale_assignments_are_released_on_anyones_next_pull()
    {
        var s = Create(2, settings: Timeout10s).WithClients("a", "b", "c");
        s.GiveHeld("a", 0);
        var gone = s.Pull("b", 1_000).Pieces();
        Assert.Equal(2, gone.Length);
        Assert.Equal(1, s.View("a").ProducerLoad);
        Assert.Equal(1, s.SupernodeLoad);

        // A pull just before the timeout changes nothing for b.
        s.Pull("c", 10_999);
        Assert.Equal(2, s.View("b").PiecesRunning);

        s.Pull("c", 11_000);
        Assert.Equal(0, s.View("b").PiecesRunning);
        Assert.Equal(s.View("c").PiecesRunning, s.View("a").ProducerLoad + s.SupernodeLoad);

        // The late report of a released assignment releases nothing more.
        s.ReportResult("b", gone[0].PieceNum, gone[0].SourceCid ?? SuperCid, PieceResult.SemiSuccess);
        s.ReportSuccess("b", gone[1].PieceNum, gone[1].SourceCid ?? SuperCid);
        Assert.Equal(s.View("c").PiecesRunning, s.View("a").ProducerLoad + s.SupernodeLoad);
        Assert.Equal(2, s.View("b").PiecesHeld);
    }

    [Fact]
    public void A_reported_assignment_does_not_go_stale_later()
    {
        var s = Create(2, settings: Timeout10s).WithClients("b", "c");
        var first = s.Pull("b", 0).Pieces();
        foreach (var a in first) s.ReportGood("b", a);
        // c now runs the pieces from b; b's old entries in the timeout queue come due and must not touch them.
        var fromB = s.Pull("c", 5_000).Pieces();
        Assert.All(fromB, a => Assert.Equal("b", a.SourceCid));
        s.Pull("b", 10_000);
        Assert.Equal(2, s.View("b").ProducerLoad);
        Assert.Equal(2, s.View("c").PiecesRunning);
        s.Pull("b", 15_000);
        Assert.Equal(0, s.View("b").ProducerLoad);
        Assert.Equal(0, s.View("c").PiecesRunning);
    }

    [Fact]
    public void A_re_registration_starts_the_client_over_and_frees_what_it_held()
    {
        var s = Create(3).WithClients("a", "b", "x");
        s.GiveHeld("a", 0);
        var b = s.Pull("b", 0).Pieces();
        Assert.Contains(new PieceAssignment(0, "a"), b);
        s.GiveHeld("b", 2);
        s.ReportPieceError("x", "a", 1);
        Assert.Equal(2, s.View("b").PiecesRunning);
        Assert.Equal(2, s.SupernodeLoad + s.View("a").ProducerLoad);

        s.AddClient("b", servesPieces: false);
        Assert.Equal(new ClientView(false, false, 0, 0, 0, 0, 0), s.View("b"));
        Assert.Equal(0, s.SupernodeLoad);
        Assert.Equal(0, s.View("a").ProducerLoad);
        Assert.Equal(0, s.HolderCount(2));

        // a's re-registration also drops x's blacklist entry naming the old a, and a's record.
        s.AddClient("a", servesPieces: true);
        Assert.Equal(0, s.HolderCount(0));
        s.GiveHeld("a", 0, 1, 2);
        Assert.All(s.Pull("x", 1).Pieces(), p => Assert.Equal("a", p.SourceCid));
    }

    [Fact]
    public void Removing_a_client_releases_what_it_ran_and_what_it_served()
    {
        var s = Create(2).WithClients("a", "b", "c");
        s.GiveHeld("a", 0);
        var b = s.Pull("b", 0).Pieces();
        Assert.Equal(2, b.Length);
        Assert.Equal(1, s.View("a").ProducerLoad);
        Assert.Equal(1, s.SupernodeLoad);

        Assert.True(s.RemoveClient("b"));
        Assert.False(s.RemoveClient("b"));
        Assert.Null(s.GetClient("b"));
        Assert.Equal(0, s.View("a").ProducerLoad);
        Assert.Equal(0, s.SupernodeLoad);

        Assert.True(s.RemoveClient("a"));
        Assert.Equal(0, s.HolderCount(0));
        Assert.All(s.Pull("c", 1).Pieces(), p => Assert.True(p.FromSupernode));
        Assert.Equal(1, s.ClientCount);

        // The freed slot is reused without inheriting anything.
        s.AddClient("d", servesPieces: true);
        Assert.Equal(new ClientView(true, false, 0, 0, 0, 0, 0), s.View("d"));
        Assert.IsType<PullOutcome.UnknownClient>(s.Pull("a", 2));
    }

    [Fact]
    public void Holder_lists_shed_what_departed_clients_left_behind()
    {
        var s = Create(2);
        for (var i = 0; i < 1_000; i++)
        {
            s.AddClient($"h{i}", servesPieces: true);
            s.GiveHeld($"h{i}", 0, 1);
        }
        for (var i = 0; i < 900; i++)
            if (i % 2 == 0) s.RemoveClient($"h{i}");
            else s.AddClient($"h{i}", servesPieces: true);
        Assert.Equal(100, s.HolderCount(0));
        Assert.InRange(s.HolderEntries(0), 100, 200);

        for (var i = 900; i < 1_000; i++) s.MarkDown($"h{i}");
        Assert.Equal(0, s.HolderCount(1));
        Assert.InRange(s.HolderEntries(1), 0, 32);
        s.AddClient("x", servesPieces: true);
        Assert.All(s.Pull("x", 0).Pieces(), p => Assert.True(p.FromSupernode));
    }

    [Fact]
    public void Accounting_holds_under_random_traffic()
    {
        var settings = new SchedulerSettings { AssignmentTimeout = TimeSpan.FromSeconds(5), SupernodeBudget = 6 };
        var s = Create(30, complete: false, settings: settings, seed: 7);
        var random = new Random(11);
        var cids = Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray();
        foreach (var cid in cids) s.AddClient(cid, servesPieces: random.Next(4) != 0);
        var inFlight = new List<(string Cid, PieceAssignment A)>();
        var written = 5;
        s.UpdateCdnCopy(written, complete: false);

        for (var step = 0; step < 5_000; step++)
        {
            var now = step * 10L;
            var cid = cids[random.Next(cids.Length)];
            switch (random.Next(10))
            {
                case < 5:
                    var running = s.View(cid).PiecesRunning;
                    switch (s.Pull(cid, now))
                    {
                        case PullOutcome.Assigned a:
                            Assert.NotEmpty(a.Pieces);
                            Assert.True(a.Pieces.Length <= settings.PeerDownLimit - running);
                            inFlight.AddRange(a.Pieces.Select(p => (cid, p)));
                            break;
                        case PullOutcome.Busy:
                            Assert.Equal(settings.PeerDownLimit, running);
                            break;
                    }
                    break;
                case < 9 when inFlight.Count > 0:
                    var i = random.Next(inFlight.Count);
                    var (who, piece) = inFlight[i];
                    inFlight.RemoveAt(i);
                    var source = piece.SourceCid ?? SuperCid;
                    var outcome = random.Next(6);
                    if (outcome == 0) s.ReportResult(who, piece.PieceNum, source, PieceResult.Failed);
                    else if (outcome == 1) s.ReportSuccess(who, piece.PieceNum, source);
                    else if (outcome == 2) s.ReportResult(who, piece.PieceNum, source, PieceResult.SemiSuccess);
                    else s.ReportGood(who, piece);
                    break;
                default:
                    if (written < 30) s.UpdateCdnCopy(++written, complete: written == 30);
                    break;
            }

            Assert.InRange(s.SupernodeLoad, 0, settings.SupernodeBudget);
            var views = cids.Select(s.View).ToArray();
            Assert.All(views, v => Assert.InRange(v.ProducerLoad, 0, settings.PeerUpLimit));
            Assert.All(views, v => Assert.InRange(v.PiecesRunning, 0, settings.PeerDownLimit));
            Assert.Equal(views.Sum(v => v.PiecesRunning), s.SupernodeLoad + views.Sum(v => v.ProducerLoad));
        }
        Assert.Contains(cids, c => s.Pull(c, long.MaxValue / 2) is PullOutcome.Finished);
    }

    [Fact]
    public void A_report_for_a_piece_of_a_copy_that_started_over_still_releases_its_assignment()
    {
        var s = Create(4).WithClients("a");
        var assigned = s.Pull("a", 0).Pieces();
        Assert.Equal(4, assigned.Length);
        Assert.Equal(4, s.SupernodeLoad);

        // The CDN copy starts over (the holder is gone); the client's reports of its pieces arrive after.
        s.UpdateCdnCopy(0, complete: false);
        foreach (var a in assigned) s.ReportResult("a", a.PieceNum, SuperCid, PieceResult.SemiSuccess);

        Assert.Equal(0, s.View("a").PiecesRunning);
        Assert.Equal(0, s.SupernodeLoad);
        s.UpdateCdnCopy(4, complete: true);
        Assert.Equal(4, s.Pull("a", 0).Pieces().Length);
    }
}
