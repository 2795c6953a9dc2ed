namespace Supernode.ScaleSimulator.Fleet;

/// <summary>One scenario: the file, the fleet, the network. Defaults are the Dragonfly README's test (200 MB, 200 Mb/s clients, 2 Gb/s supernode).</summary>
public sealed record SimOptions
{
    public int Clients { get; init; } = 100;

    /// <summary>200 MiB: 50 pieces of 4 MiB (the 5 bytes of piece wrapping are left out).</summary>
    public long FileBytes { get; init; } = 200L << 20;

    public int PieceBytes { get; init; } = 4 << 20;

    /// <summary>Megabits (10⁶ bits) per second.</summary>
    public double ClientDownMbps { get; init; } = 200;

    public double ClientUpMbps { get; init; } = 200;

    public double SupernodeUpMbps { get; init; } = 2_000;

    /// <summary>
    /// Seconds from a request to its answer: a pull's answer comes this long after the supernode handled it,
    /// and a piece's first byte this long after the client asked its source.
    /// </summary>
    public double LatencySeconds { get; init; } = 0.001;

    /// <summary>0: every client starts at once (the README's scenario); else start times are uniform over this window.</summary>
    public double ArrivalWindowSeconds { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>The supernode's replicas, cores and entities; null: it handles every call the moment it is sent.</summary>
    public Service.SupernodeModel? Service { get; init; }

    /// <summary>The run stops at this virtual time whatever is left: clients not finished by then are counted as such.</summary>
    public double MaxVirtualSeconds { get; init; } = 3_600;

    public int Pieces => (int)((FileBytes + PieceBytes - 1) / PieceBytes);

    /// <summary>The last piece may be short.</summary>
    public long BytesOf(int piece) => Math.Min(PieceBytes, FileBytes - (long)piece * PieceBytes);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Clients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PieceBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ClientDownMbps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ClientUpMbps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SupernodeUpMbps);
        // A zero latency would let a client pull again at the same instant, forever.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LatencySeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(ArrivalWindowSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxVirtualSeconds);
        Service?.Validate();
    }

    public static double BytesPerSecond(double mbps) => mbps * 1e6 / 8;
}
