namespace Supernode.ScaleSimulator.Memory;

/// <param name="RetainedBytes">Live heap growth once built (what stays).</param>
/// <param name="AllocatedBytes">Everything allocated while building, garbage included (list growth, pull answers).</param>
public sealed record MemoryResult(MemoryScenario Scenario, long RetainedBytes, long AllocatedBytes)
{
    /// <summary>The target: at most 2 KB per active client of a 100-piece task.</summary>
    public const double TargetPerClient = 2_048;

    public const int TargetPieces = 100;

    public double RetainedPerClient => (double)RetainedBytes / Scenario.Clients;

    public double AllocatedPerClient => (double)AllocatedBytes / Scenario.Clients;

    /// <summary>Whether the target is met; null for a task of another size (the target is set for 100 pieces).</summary>
    public bool? MeetsTarget => Scenario.Pieces == TargetPieces ? RetainedPerClient <= TargetPerClient : null;
}
