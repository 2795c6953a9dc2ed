namespace Supernode.ScaleSimulator.Fleet;

/// <summary>What one run measured.</summary>
public sealed record RunResult
{
    public required string Policy { get; init; }

    public required int Clients { get; init; }

    public required int SupernodeBudget { get; init; }

    /// <summary>Seconds from each finished client's start to its 600 answer, ascending.</summary>
    public required double[] CompletionSeconds { get; init; }

    public required long SupernodeBytes { get; init; }

    public required long PeerBytes { get; init; }

    /// <summary>Pieces a client received that it already had (0 unless an assignment timed out while on the wire).</summary>
    public required long DuplicatePieces { get; init; }

    public required int PeakSupernodeUploads { get; init; }

    public required long Pulls { get; init; }

    /// <summary>Pulls answered 602.</summary>
    public required long Waits { get; init; }

    public required long Events { get; init; }

    public required double VirtualSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public int Unfinished => Clients - CompletionSeconds.Length;

    /// <summary>Share of all piece bytes that came from the supernode.</summary>
    public double SupernodeShare => (double)SupernodeBytes / Math.Max(1, SupernodeBytes + PeerBytes);

    public double Min => Percentile(0);

    public double Median => Percentile(0.5);

    public double P90 => Percentile(0.9);

    public double Max => Percentile(1);

    /// <summary>Nearest rank over the finished clients; NaN when none finished.</summary>
    public double Percentile(double p)
    {
        if (CompletionSeconds.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * CompletionSeconds.Length);
        return CompletionSeconds[Math.Clamp(rank - 1, 0, CompletionSeconds.Length - 1)];
    }
}
