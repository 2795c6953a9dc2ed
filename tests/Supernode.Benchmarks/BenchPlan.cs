namespace Supernode.Benchmarks;

/// <summary>The sizes of one run: the full suite (under 20 minutes) or <c>--quick</c> (under 2 minutes with the simulator's quick run).</summary>
/// <param name="StormClients">Registrations sent at once in each registration storm.</param>
/// <param name="StormRounds">Freshly started single nodes each storm is tried on.</param>
/// <param name="ClusterStorms">Whether the storms are also tried on a fresh three-replica cluster.</param>
/// <param name="HotTaskClusterClients">Clients of one hot task driven through a three-replica cluster; 0: not run.</param>
public sealed record BenchPlan(
    bool Quick,
    int StormClients,
    int StormRounds,
    bool ClusterStorms,
    long ControlPlaneFile,
    IReadOnlyList<int> ControlPlaneClients,
    TimeSpan ControlPlaneDuration,
    int HotTaskClusterClients,
    int DataPlaneRounds,
    TimeSpan DataPlaneRound,
    long IngestFile,
    int IngestRounds,
    long EndToEndFile,
    IReadOnlyList<int> EndToEndPeers)
{
    private const long MiB = 1024 * 1024;

    public static BenchPlan Full { get; } = new(false, 1_000, 3, true, 256 * MiB, [10, 100, 1_000], TimeSpan.FromSeconds(15), 3_000, 3, TimeSpan.FromSeconds(5),
        1024 * MiB, 2, 200 * MiB, [5, 10, 20]);

    public static BenchPlan QuickPlan { get; } = new(true, 200, 1, false, 64 * MiB, [10, 100], TimeSpan.FromSeconds(4), 0, 1, TimeSpan.FromSeconds(3),
        256 * MiB, 1, 50 * MiB, [5]);
}
