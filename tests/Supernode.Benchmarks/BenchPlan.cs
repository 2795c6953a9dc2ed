namespace Supernode.Benchmarks;

/// <summary>The sizes of one run: the full suite (under 20 minutes) or <c>--quick</c> (under 2 minutes with the simulator's quick run).</summary>
public sealed record BenchPlan(
    bool Quick,
    long ControlPlaneFile,
    IReadOnlyList<int> ControlPlaneClients,
    TimeSpan ControlPlaneDuration,
    int DataPlaneRounds,
    TimeSpan DataPlaneRound,
    long IngestFile,
    int IngestRounds,
    long EndToEndFile,
    IReadOnlyList<int> EndToEndPeers)
{
    private const long MiB = 1024 * 1024;

    public static BenchPlan Full { get; } = new(false, 256 * MiB, [10, 100, 1_000], TimeSpan.FromSeconds(15), 3, TimeSpan.FromSeconds(5),
        1024 * MiB, 2, 200 * MiB, [5, 10, 20]);

    public static BenchPlan QuickPlan { get; } = new(true, 64 * MiB, [10, 100], TimeSpan.FromSeconds(4), 1, TimeSpan.FromSeconds(3),
        256 * MiB, 1, 50 * MiB, [5]);
}
