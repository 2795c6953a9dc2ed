namespace Supernode.Actors.Scheduling;

/// <summary>A piece a client could fetch next, with the keys that order it.</summary>
/// <param name="Holders">Clients that can serve it: fewer first.</param>
/// <param name="Tie">A random draw that orders equally rare pieces.</param>
internal readonly record struct PieceCandidate(int Piece, int Holders, int Tie);

/// <summary>
/// Rarest first, then random (docs/scheduling.md). Go put equally rare pieces nearest the middle of what the client
/// fetches first, the file's start for a client fetching nothing; with that, a fleet moved through the file as a front
/// and waited together for its last pieces. The random part is a key drawn per candidate rather than a coin-flip
/// comparator, so the comparison stays a total order that a sort can rely on.
/// </summary>
internal static class PieceOrder
{
    /// <summary>Cached: sorting a span with an <see cref="IComparer{T}"/> boxes it and allocates a delegate on every pull.</summary>
    public static readonly Comparison<PieceCandidate> Comparison = Compare;

    private static int Compare(PieceCandidate x, PieceCandidate y)
    {
        if (x.Holders != y.Holders) return x.Holders < y.Holders ? -1 : 1;
        return x.Tie.CompareTo(y.Tie);
    }
}
