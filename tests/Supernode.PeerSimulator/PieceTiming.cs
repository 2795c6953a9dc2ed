namespace Supernode.PeerSimulator;

/// <summary>
/// Where one piece's time went, in milliseconds since its download began (before registering): the pull that
/// assigned it was sent and answered, its transfer started and ended (bytes written and checked), its report was
/// answered. dfget clients only.
/// </summary>
public sealed record PieceTiming(int PieceNum, bool FromSupernode, double PulledMs, double AssignedMs, double FetchStartedMs, double FetchedMs,
    double ReportedMs)
{
    /// <summary>From sending the pull to its 601 answer.</summary>
    public double PullMs => AssignedMs - PulledMs;

    /// <summary>From the answer to the transfer's start (the client's own queue).</summary>
    public double QueuedMs => FetchStartedMs - AssignedMs;

    public double TransferMs => FetchedMs - FetchStartedMs;

    /// <summary>From the piece on disk to the supernode's answer to its report.</summary>
    public double ReportMs => ReportedMs - FetchedMs;
}
