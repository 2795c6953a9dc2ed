using Supernode.Actors.Scheduling;
using Xunit.Abstractions;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>
/// One task, a large fleet: the cost of a pull must not grow with the number of holders, and a client's state stays
/// within its memory target. Run alone: the heap is weighed process-wide, and other tests' allocations would count.
/// </summary>
[Collection(nameof(ScaleTests))]
public sealed class ScaleTests(ITestOutputHelper output)
{
    private const int Clients = 10_000;
    private const int Pieces = 100;

    /// <summary>Retained bytes per client of a 100-piece task, every piece held (docs/scale-simulator.md).</summary>
    private const double MemoryTargetPerClient = 2048;

    [Fact]
    public void Ten_thousand_clients_on_one_task_examine_a_bounded_number_of_holders_per_pull()
    {
        var settings = new SchedulerSettings { SupernodeBudget = 16 };
        var s = Create(Pieces, settings: settings);
        var cids = Enumerable.Range(0, Clients).Select(i => $"10.0.{i / 250}.{i % 250}-{i}-1700000000.000").ToArray();
        foreach (var cid in cids) s.AddClient(cid, servesPieces: true);

        long now = 0, pulls = 0, assigned = 0, worst = 0;
        PullOutcome Pull(string cid)
        {
            var before = s.HoldersExamined;
            var outcome = s.Pull(cid, now++);
            worst = Math.Max(worst, s.HoldersExamined - before);
            pulls++;
            Assert.InRange(s.SupernodeLoad, 0, settings.SupernodeBudget);
            return outcome;
        }

        // The first 2,000 fetch everything one after the other (every piece result comes back at once): the
        // holder lists grow to 2,000 entries.
        for (var i = 0; i < 2_000; i++)
            while (Pull(cids[i]) is PullOutcome.Assigned a)
                foreach (var p in a.Pieces)
                {
                    s.ReportGood(cids[i], p);
                    assigned++;
                }
        Assert.Equal(2_000, s.HolderCount(0));

        // The other 8,000 pull in rounds and report only at the end of each round: uploaders saturate and
        // many holders are met that cannot take more.
        var finished = 2_000;
        var pending = new List<(string Cid, PieceAssignment A)>();
        var waiting = cids.Skip(2_000).ToList();
        for (var round = 0; waiting.Count > 0; round++)
        {
            Assert.True(round < 200, "the fleet should finish");
            foreach (var cid in waiting)
                if (Pull(cid) is PullOutcome.Assigned a)
                {
                    pending.AddRange(a.Pieces.Select(p => (cid, p)));
                    assigned += a.Pieces.Length;
                }
            foreach (var (cid, p) in pending) s.ReportGood(cid, p);
            pending.Clear();
            finished += waiting.RemoveAll(cid => s.View(cid).PiecesHeld == Pieces);
        }

        Assert.Equal(Clients, finished);
        Assert.Equal(Clients, s.HolderCount(Pieces - 1));
        var perPiece = (double)s.HoldersExamined / assigned;
        output.WriteLine($"{pulls} pulls, {assigned} pieces assigned, {s.HoldersExamined} holders examined " +
                         $"({perPiece:F2} per assigned piece), worst pull {worst}");
        // Whatever the fleet size (and the holder lists reached 10,000 entries), a pull stays within its probes.
        Assert.InRange(worst, 1, settings.PullProbeLimit);
    }

    [Fact]
    public void Memory_per_client_on_a_100_piece_task()
    {
        var cids = Enumerable.Range(0, Clients).Select(i => $"10.0.{i / 250}.{i % 250}-{i}-1700000000.000").ToArray();
        var all = Enumerable.Range(0, Pieces).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var s = Create(Pieces);
        foreach (var cid in cids)
        {
            s.AddClient(cid, servesPieces: true);
            s.GiveHeld(cid, all);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(s);
        var perClient = (after - before) / (double)Clients;
        output.WriteLine($"{perClient:F0} bytes per client holding all {Pieces} pieces");
        Assert.Equal(Clients, s.HolderCount(0));
        // The target of docs/scale-simulator.md: 10,000 clients of one task cost at most 20 MB of scheduler state.
        Assert.InRange(perClient, 1, MemoryTargetPerClient);
    }

    [Fact]
    public void A_pull_allocates_nothing_but_its_answer()
    {
        var s = Create(Pieces, settings: new SchedulerSettings { SupernodeBudget = 1_000 });
        for (var i = 0; i < 100; i++) s.AddClient($"c{i}", servesPieces: true);
        for (var i = 0; i < 50; i++) s.GiveHeld($"c{i}", Enumerable.Range(0, Pieces).ToArray());
        // Warm up every path, the scratch buffers and the answers' static instances.
        s.Pull("c60", 0);
        s.Pull("c60", 0);
        s.Pull("c20", 0);
        s.Pull("nobody", 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var busy = s.Pull("c60", 1);
        var finished = s.Pull("c10", 1);
        var unknown = s.Pull("nobody", 1);
        var quiet = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsType<PullOutcome.Busy>(busy);
        Assert.IsType<PullOutcome.Finished>(finished);
        Assert.IsType<PullOutcome.UnknownClient>(unknown);
        Assert.Equal(0, quiet);

        // c70's second answer (its first sized its list of running pieces).
        foreach (var p in s.Pull("c70", 1).Pieces()) s.ReportGood("c70", p);
        foreach (var p in s.Pull("c70", 1).Pieces()) s.ReportGood("c70", p);
        before = GC.GetAllocatedBytesForCurrentThread();
        var assigned = s.Pull("c70", 2);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4, ((PullOutcome.Assigned)assigned).Pieces.Length);
        output.WriteLine($"an answer of 4 pieces allocates {bytes} bytes");
        // The answer: one array of 4 assignments and its record. (The queue of running work grows now and then.)
        Assert.True(bytes <= 128, $"{bytes} bytes");
    }
}

[CollectionDefinition(nameof(ScaleTests), DisableParallelization = true)]
public sealed class ScaleTestsRunAlone;
