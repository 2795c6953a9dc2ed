namespace Supernode.Actors.Scheduling;

/// <summary>The knobs of a task's <see cref="PieceScheduler"/> (Go defaults where Go has one).</summary>
public sealed record SchedulerSettings
{
    public static SchedulerSettings Default { get; } = new();

    /// <summary>Pieces one client may have running at once, and so the most one answer hands out.</summary>
    public int PeerDownLimit { get; init; } = 4;

    /// <summary>Pieces other clients may fetch from one client at once.</summary>
    public int PeerUpLimit { get; init; } = 5;

    /// <summary>A client with more consecutive failed pieces from peers than this is served by the supernode only.</summary>
    public int FailureCountLimit { get; init; } = 5;

    /// <summary>A client that failed this many other clients is no longer offered as a source.</summary>
    public int EliminationLimit { get; init; } = 5;

    /// <summary>
    /// Pieces of the task that may be fetched from the supernode at once, across all clients; 0 means
    /// <see cref="PeerDownLimit"/> (the value Go hard-codes, which starves large fleets while few clients hold pieces).
    /// </summary>
    public int SupernodeBudget { get; init; }

    /// <summary>
    /// Per Up replica, the most <see cref="SupernodeDemand"/> raises the supernode budget to: where a replica's uplink
    /// is full (2 Gb/s over a client's 50 Mb/s share of one of its 4 pieces); beyond it each supernode piece only slows.
    /// </summary>
    public int SupernodeBudgetCeiling { get; init; } = 40;

    /// <summary>An assignment without a result after this long is released (its client vanished mid-piece).</summary>
    public TimeSpan AssignmentTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many holders of a piece one choice of source looks at, from a random offset: it keeps a pull cheap
    /// when thousands of clients hold the piece, at the price of a locally rather than globally least loaded source.
    /// </summary>
    public int HolderProbeLimit { get; init; } = 8;

    /// <summary>
    /// How many holders one pull looks at over all its pieces: when most uploaders are saturated, a pull gives
    /// up early (the supernode or a later pull takes over) instead of probing every piece of the task. 1,024 covers
    /// every piece of a 128-piece task: the scale simulator measured 128 bending the curve at 10,000 clients (the
    /// rarest pieces' holders are the busiest, so a narrow pull gave up with idle holders left and sent 602s).
    /// </summary>
    public int PullProbeLimit { get; init; } = 1024;

    internal int EffectiveSupernodeBudget => SupernodeBudget > 0 ? SupernodeBudget : PeerDownLimit;

    internal void Validate()
    {
        if (PeerDownLimit < 1) throw new ArgumentOutOfRangeException(nameof(PeerDownLimit), PeerDownLimit, "must be at least 1");
        if (PeerUpLimit < 1) throw new ArgumentOutOfRangeException(nameof(PeerUpLimit), PeerUpLimit, "must be at least 1");
        if (FailureCountLimit < 0) throw new ArgumentOutOfRangeException(nameof(FailureCountLimit), FailureCountLimit, "must not be negative");
        if (EliminationLimit < 1) throw new ArgumentOutOfRangeException(nameof(EliminationLimit), EliminationLimit, "must be at least 1");
        if (SupernodeBudget < 0) throw new ArgumentOutOfRangeException(nameof(SupernodeBudget), SupernodeBudget, "must not be negative");
        if (SupernodeBudgetCeiling < 1) throw new ArgumentOutOfRangeException(nameof(SupernodeBudgetCeiling), SupernodeBudgetCeiling, "must be at least 1");
        if (AssignmentTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AssignmentTimeout), AssignmentTimeout, "must be positive");
        if (HolderProbeLimit < 1) throw new ArgumentOutOfRangeException(nameof(HolderProbeLimit), HolderProbeLimit, "must be at least 1");
        if (PullProbeLimit < HolderProbeLimit)
            throw new ArgumentOutOfRangeException(nameof(PullProbeLimit), PullProbeLimit, "must be at least HolderProbeLimit");
    }
}
