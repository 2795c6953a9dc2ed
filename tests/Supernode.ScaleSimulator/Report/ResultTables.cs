using System.Text;
using Supernode.ScaleSimulator.Fleet;
using Supernode.ScaleSimulator.Memory;

namespace Supernode.ScaleSimulator.Report;

/// <summary>Markdown tables of the results, as they go into docs/scale-simulator.md (numbers are culture-invariant: the build sets InvariantGlobalization).</summary>
public static class ResultTables
{
    /// <summary>The issue's flatness target: median at the largest fleet within this factor of the smallest.</summary>
    public const double FlatnessTarget = 1.5;

    /// <summary>The issue's target for the supernode's share of piece bytes.</summary>
    public const double ShareTarget = 0.05;

    public static string Runs(IEnumerable<RunResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| policy | N | runs | budget | first piece p50 s | min s | p50 s | p90 s | max s | unfinished | supernode share | peak supernode uploads | pulls | 602s | groups | pieces between groups | pull p99 ms | busiest entity | calls per replica | events | wall s |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            sb.AppendLine($"| {r.Policy} | {r.Clients:N0} | {r.Runs} | {r.SupernodeBudget} | {r.MedianFirstPiece:F1} | {r.Min:F1} | {r.Median:F1} | {r.P90:F1} | {r.Max:F1} | " +
                          $"{r.Unfinished} | {r.SupernodeShare:P2} | {r.PeakSupernodeUploads} | {r.Pulls:N0} | {r.Waits:N0} | {r.Groups} | {r.SiblingPieces:N0} | " +
                          $"{r.PullLatencyP99Seconds * 1000:F0} | {r.PeakEntityUtilisation:P0} | {string.Join(" / ", r.ReplicaShares.Select(x => x.ToString("P0")))} | {r.Events:N0} | {r.WallSeconds:F1} |");
        }
        return sb.ToString();
    }

    /// <summary>Per policy: the median at the largest N over the smallest, and the largest supernode share.</summary>
    public static string Targets(IEnumerable<RunResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| policy | p50 at smallest N | p50 at largest N | ratio (target ≤ {FlatnessTarget}) | max supernode share (target ≤ {ShareTarget:P0}) |");
        sb.AppendLine("|---|--:|--:|--:|--:|");
        foreach (var g in results.GroupBy(r => r.Policy))
        {
            var small = g.MinBy(r => r.Clients)!;
            var large = g.MaxBy(r => r.Clients)!;
            var ratio = large.Median / small.Median;
            var share = g.Max(r => r.SupernodeShare);
            sb.AppendLine($"| {g.Key} | {small.Median:F1} s (N = {small.Clients:N0}) | {large.Median:F1} s (N = {large.Clients:N0}) | " +
                          $"{ratio:F2} {Verdict(ratio <= FlatnessTarget)} | {share:P2} {Verdict(share <= ShareTarget)} |");
        }
        return sb.ToString();
    }

    public static string Memory(IEnumerable<MemoryResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| state | clients | retained B/client | target ≤ {MemoryResult.TargetPerClient:N0} at {MemoryResult.TargetPieces} pieces | allocated B/client |");
        sb.AppendLine("|---|--:|--:|:-:|--:|");
        foreach (var m in results)
        {
            sb.AppendLine($"| {m.Scenario.Label} | {m.Scenario.Clients:N0} | {m.RetainedPerClient:N0} | " +
                          $"{(m.MeetsTarget is { } met ? Verdict(met) : "–")} | {m.AllocatedPerClient:N0} |");
        }
        return sb.ToString();
    }

    private static string Verdict(bool met) => met ? "✓" : "✗";
}
