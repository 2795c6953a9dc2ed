using Supernode.Actors.Scheduling;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>Scheduler settings under a name; every policy runs the same <see cref="PieceScheduler"/>.</summary>
public sealed record Policy(string Name, SchedulerSettings Settings)
{
    /// <summary>The Go supernode's fixed per-task cap: as many pieces from the supernode at once as one client may run (4).</summary>
    public static Policy Go { get; } = new("go", new SchedulerSettings { SupernodeBudget = 4 });

    public static Policy Ours(int supernodeBudget) => new("ours", new SchedulerSettings { SupernodeBudget = supernodeBudget });
}
