using Supernode.Actors.Scheduling;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>
/// Scheduler settings under a name, chosen per fleet size as an operator would set them for the fleet it
/// expects; every policy runs the same <see cref="PieceScheduler"/>.
/// </summary>
public sealed record Policy(string Name, Func<int, SchedulerSettings> SettingsFor)
{
    /// <summary>The former default probe limit per pull, kept to show what a narrow pull costs.</summary>
    public const int NarrowPullProbes = 128;

    /// <summary>
    /// The Go supernode: a fixed per-task cap of 4 pieces from the supernode (its <c>peerDownLimit</c>), and no
    /// probe limits (Go looks at every holder of every available piece). Go takes the first holder under the
    /// upload limit in hash order where we take the least loaded one met: that cannot be set and is not modelled.
    /// </summary>
    public static Policy Go { get; } = new("go", _ => new SchedulerSettings
    {
        SupernodeBudget = 4,
        HolderProbeLimit = int.MaxValue,
        PullProbeLimit = int.MaxValue,
    });

    /// <summary>Our defaults, the supernode budget as the task entity sets it for N clients on one replica.</summary>
    public static Policy Ours { get; } = new("ours", n => new SchedulerSettings { SupernodeBudget = BudgetFor(n) });

    /// <summary>As <see cref="Ours"/> with the former pull probe limit (finding 2).</summary>
    public static Policy OursNarrow { get; } =
        new("ours-narrow", n => new SchedulerSettings { SupernodeBudget = BudgetFor(n), PullProbeLimit = NarrowPullProbes });

    /// <summary>Our defaults with a fixed budget of 32, what an operator might set once for large fleets.</summary>
    public static Policy Ours32 { get; } = new("ours-32", _ => new SchedulerSettings { SupernodeBudget = 32 });

    public static IReadOnlyList<Policy> All { get; } = [Go, Ours, OursNarrow, Ours32];

    /// <summary>The production budget (<see cref="SupernodeDemand"/>) for N clients of a task on one Up replica.</summary>
    public static int BudgetFor(int clients) =>
        SupernodeDemand.Budget(SchedulerSettings.Default.PeerDownLimit, SchedulerSettings.Default.SupernodeBudgetCeiling, clients, upReplicas: 1);

    public static Policy Named(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown policy {name} (known: {string.Join(", ", All.Select(p => p.Name))})");
}
