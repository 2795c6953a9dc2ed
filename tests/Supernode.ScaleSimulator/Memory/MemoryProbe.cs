using Supernode.Actors.Scheduling;
using Supernode.ScaleSimulator.Fleet;

namespace Supernode.ScaleSimulator.Memory;

/// <summary>
/// Weighs the scheduler state of many clients: heap size before and after building it (full collections),
/// and this thread's allocations meanwhile. Everything the scheduler keeps is counted, the clients' cid
/// strings included (the scheduler holds them); the probe's own bookkeeping is built beforehand.
/// </summary>
public static class MemoryProbe
{
    public static MemoryResult Measure(MemoryScenario scenario)
    {
        var held = scenario.Downloading ? scenario.Pieces / 2 : scenario.Pieces;
        // Every running piece is handed out: the budget must not turn a pull away.
        var settings = new SchedulerSettings { SupernodeBudget = scenario.Clients * SchedulerSettings.Default.PeerDownLimit };
        var schedulers = new PieceScheduler[scenario.Tasks];

        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < scenario.Tasks; t++)
        {
            var s = schedulers[t] = new PieceScheduler(settings, new Random(t));
            s.UpdateCdnCopy(scenario.Pieces, complete: true);
            for (var c = 0; c < scenario.ClientsPerTask; c++)
            {
                var cid = DfgetIds.Cid(t * scenario.ClientsPerTask + c);
                s.AddClient(cid, servesPieces: true);
                for (var p = 0; p < held; p++) s.ReportSuccess(cid, p, DfgetIds.SuperCid);
                if (scenario.Downloading && s.Pull(cid, 0) is not PullOutcome.Assigned)
                    throw new InvalidOperationException($"{cid} got no pieces to run");
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        GC.KeepAlive(schedulers);
        return new MemoryResult(scenario, retained, allocated);
    }
}
