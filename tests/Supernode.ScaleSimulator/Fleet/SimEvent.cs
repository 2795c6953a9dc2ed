namespace Supernode.ScaleSimulator.Fleet;

internal enum EventKind : byte
{
    /// <summary>A client starts: its first pull.</summary>
    Arrive,

    /// <summary>The answer to a client's pull reaches it.</summary>
    Answer,

    /// <summary>A client's 602 sleep ends (unless a finished piece cut it short: <see cref="SimEvent.A"/> is then outdated).</summary>
    WakeUp,

    /// <summary>A piece's first byte leaves its source.</summary>
    TransferStart,

    /// <summary>A transfer's expected end (stale unless <see cref="SimEvent.A"/> is its current version).</summary>
    TransferEnd,

    /// <summary>A client's pull has waited and been handled by its entity (a supernode with a service model).</summary>
    EntityPull,

    /// <summary>A client's piece report (piece <see cref="SimEvent.A"/> from node <see cref="SimEvent.B"/>) handled by its entity.</summary>
    EntityReport,

    /// <summary>Group <see cref="SimEvent.Subject"/> tells its siblings its holders.</summary>
    Share,

    /// <summary>Group <see cref="SimEvent.Subject"/> takes what group <see cref="SimEvent.A"/> last shared.</summary>
    ShareTaken,
}

/// <summary>A pending event: a struct, so the queue holds no object per event.</summary>
/// <param name="Subject">The client, or the transfer for <see cref="EventKind.TransferEnd"/>.</param>
/// <param name="A">Sleep token, piece number or transfer version.</param>
/// <param name="B">The source node of a <see cref="EventKind.TransferStart"/>.</param>
internal readonly record struct SimEvent(EventKind Kind, int Subject, int A = 0, int B = 0);
