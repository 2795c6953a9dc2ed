namespace Supernode.Actors.Scheduling;

/// <summary>
/// The durable part of a task's scheduling state, as plain data that System.Text.Json round-trips. Running
/// assignments and loads are left out on purpose: after a crash a client may be handed a piece it already has
/// (or one a vanished client was fetching), never a wrong byte.
/// </summary>
/// <param name="PiecesWritten">Pieces [0, n) of the CDN copy were written.</param>
/// <param name="CopyComplete">The copy is complete: <paramref name="PiecesWritten"/> is the piece total.</param>
/// <param name="BadCdnPieces">CDN pieces not served until re-written.</param>
public sealed record SchedulerSnapshot(
    int PiecesWritten,
    bool CopyComplete,
    int[] BadCdnPieces,
    SchedulerSnapshot.Client[] Clients)
{
    /// <param name="Has">Bitmap of the pieces it finished, 64 pieces per word, piece n at bit n % 64 of word n / 64.</param>
    /// <param name="Shared">Bitmap of the pieces it is a holder of.</param>
    /// <param name="Blacklist">Cids of the sources that failed it.</param>
    public sealed record Client(
        string Cid,
        bool ServesPieces,
        bool Down,
        ulong[] Has,
        ulong[] Shared,
        int ConsecutiveFailures,
        int ServiceErrors,
        string[] Blacklist);
}
