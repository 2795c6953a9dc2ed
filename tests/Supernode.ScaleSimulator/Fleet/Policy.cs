using Supernode.Actors.Scheduling;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>
/// Scheduler settings under a name, chosen per fleet size as an operator would set them for the fleet it
/// expects; every policy runs the same <see cref="PieceScheduler"/>.
/// </summary>
public sealed record Policy(string Name, Func<int, SchedulerSettings> SettingsFor)
{
    /// <summary>Where the supernode's uplink is full: its capacity over a piece's share of a client's download (2,000 / (200 / 4)).</summary>
    public const int SaturatingBudget = 40;

    /// <summary>Our default probe limit per pull (<see cref="SchedulerSettings.PullProbeLimit"/> is 128); wide enough for every piece of 128.</summary>
    public const int WidePullProbes = 1_024;

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

    /// <summary>Our defaults with the supernode budget scaled to the fleet (<see cref="ScaledBudget"/>).</summary>
    public static Policy Ours { get; } = new("ours", n => new SchedulerSettings { SupernodeBudget = ScaledBudget(n) });

    /// <summary>As <see cref="Ours"/>, with a pull allowed to look at every piece of a 128-piece task.</summary>
    public static Policy OursWide { get; } =
        new("ours-wide", n => new SchedulerSettings { SupernodeBudget = ScaledBudget(n), PullProbeLimit = WidePullProbes });

    /// <summary>Our defaults with a fixed budget of 32, what an operator might set once for large fleets.</summary>
    public static Policy Ours32 { get; } = new("ours-32", _ => new SchedulerSettings { SupernodeBudget = 32 });

    public static IReadOnlyList<Policy> All { get; } = [Go, Ours, OursWide, Ours32];

    /// <summary>
    /// One supernode piece per 20 clients, at least Go's 4 and at most <see cref="SaturatingBudget"/>. The supernode
    /// then serves about budget / (2·N) of the bytes (its pieces run at a client's 50 Mb/s share for about as long
    /// as the download), ≤ 2.5 %; beyond the saturating budget each supernode piece only gets slower.
    /// </summary>
    public static int ScaledBudget(int clients) => Math.Clamp(clients / 20, 4, SaturatingBudget);

    public static Policy Named(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown policy {name} (known: {string.Join(", ", All.Select(p => p.Name))})");
}
