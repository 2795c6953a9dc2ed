namespace Supernode.ScaleSimulator.Fleet;

/// <summary>What one run measured.</summary>
public sealed record RunResult
{
    public required string Policy { get; init; }

    /// <summary>Clients of one run.</summary>
    public required int Clients { get; init; }

    /// <summary>Runs (seeds) pooled into this result; counts and bytes are their sums.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>The task's supernode budget.</summary>
    public required int SupernodeBudget { get; init; }

    /// <summary>Seconds from each finished client's start to its 600 answer, ascending.</summary>
    public required double[] CompletionSeconds { get; init; }

    /// <summary>Seconds from each client's start to the end of its first piece, ascending: the start-up.</summary>
    public required double[] FirstPieceSeconds { get; init; }

    public required long SupernodeBytes { get; init; }

    public required long PeerBytes { get; init; }

    /// <summary>Pieces a client received that it already had (0 unless an assignment timed out while on the wire).</summary>
    public required long DuplicatePieces { get; init; }

    public required int PeakSupernodeUploads { get; init; }

    public required long Pulls { get; init; }

    /// <summary>Pulls answered 602.</summary>
    public required long Waits { get; init; }

    public required long Events { get; init; }

    /// <summary>Groups the task's clients were scheduled in (1: one entity).</summary>
    public int Groups { get; init; } = 1;

    /// <summary>Pieces handed out from a holder of another group.</summary>
    public long SiblingPieces { get; init; }

    /// <summary>From a pull's sending to its answer, 99th percentile (queueing at the supernode included).</summary>
    public double PullLatencyP99Seconds { get; init; }

    /// <summary>Busy share of the busiest entity over the run.</summary>
    public double PeakEntityUtilisation { get; init; }

    /// <summary>Per replica, the share of calls its entities answered.</summary>
    public double[] ReplicaShares { get; init; } = [1.0];

    /// <summary>Virtual time at the end of the run (the longest of pooled runs).</summary>
    public required double VirtualSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public int Unfinished => Clients * Runs - CompletionSeconds.Length;

    /// <summary>Share of all piece bytes that came from the supernode.</summary>
    public double SupernodeShare => (double)SupernodeBytes / Math.Max(1, SupernodeBytes + PeerBytes);

    public double MedianFirstPiece => Percentile(FirstPieceSeconds, 0.5);

    public double Min => Percentile(0);

    public double Median => Percentile(0.5);

    public double P90 => Percentile(0.9);

    public double Max => Percentile(1);

    /// <summary>Runs of one policy and fleet size with different seeds, as one result over all their clients.</summary>
    public static RunResult Pool(IReadOnlyList<RunResult> runs)
    {
        var first = runs[0];
        if (runs.Any(r => r.Policy != first.Policy || r.Clients != first.Clients))
            throw new ArgumentException("only runs of one policy and fleet size pool", nameof(runs));
        return first with
        {
            Runs = runs.Sum(r => r.Runs),
            CompletionSeconds = Merged(runs.Select(r => r.CompletionSeconds)),
            FirstPieceSeconds = Merged(runs.Select(r => r.FirstPieceSeconds)),
            SupernodeBudget = runs.Max(r => r.SupernodeBudget),
            SupernodeBytes = runs.Sum(r => r.SupernodeBytes),
            PeerBytes = runs.Sum(r => r.PeerBytes),
            DuplicatePieces = runs.Sum(r => r.DuplicatePieces),
            PeakSupernodeUploads = runs.Max(r => r.PeakSupernodeUploads),
            Pulls = runs.Sum(r => r.Pulls),
            Waits = runs.Sum(r => r.Waits),
            Events = runs.Sum(r => r.Events),
            SiblingPieces = runs.Sum(r => r.SiblingPieces),
            PullLatencyP99Seconds = runs.Max(r => r.PullLatencyP99Seconds),
            PeakEntityUtilisation = runs.Max(r => r.PeakEntityUtilisation),
            VirtualSeconds = runs.Max(r => r.VirtualSeconds),
            WallSeconds = runs.Sum(r => r.WallSeconds),
        };
    }

    /// <summary>Nearest rank over the finished clients; NaN when none finished.</summary>
    public double Percentile(double p) => Percentile(CompletionSeconds, p);

    internal static double Percentile(IReadOnlyList<double> ascending, double p)
    {
        if (ascending.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * ascending.Count);
        return ascending[Math.Clamp(rank - 1, 0, ascending.Count - 1)];
    }

    private static double[] Merged(IEnumerable<double[]> parts)
    {
        double[] all = [.. parts.SelectMany(p => p)];
        Array.Sort(all);
        return all;
    }
}
