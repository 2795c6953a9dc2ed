namespace Supernode.Actors.Scheduling;

/// <summary>A piece a client could fetch next, with the keys that order it.</summary>
/// <param name="Holders">Clients that can serve it: fewer first.</param>
/// <param name="Distance">How far it is from the centre of the client's running pieces: nearer first.</param>
/// <param name="Tie">A random draw that orders the remaining ties.</param>
internal readonly record struct PieceCandidate(int Piece, int Holders, int Distance, int Tie);

/// <summary>
/// Go's order (docs/scheduling.md): rarest first, then nearest to what the client is fetching now, then
/// random. The random part is a key drawn per candidate rather than Go's coin-flip comparator, so the
/// comparison stays a total order that a sort can rely on.
/// </summary>
internal static class PieceOrder
{
    /// <summary>Cached: sorting a span with an <see cref="IComparer{T}"/> boxes it and allocates a delegate on every pull.</summary>
    public static readonly Comparison<PieceCandidate> Comparison = Compare;

    private static int Compare(PieceCandidate x, PieceCandidate y)
    {
        if (x.Holders != y.Holders) return x.Holders < y.Holders ? -1 : 1;
        if (x.Distance != y.Distance) return x.Distance < y.Distance ? -1 : 1;
        return x.Tie.CompareTo(y.Tie);
    }

    /// <summary>The integer mean of the running pieces' numbers, 0 when none (Go getCenterNum).</summary>
    public static int CentreOf(ReadOnlySpan<RunningPiece> running)
    {
        if (running.IsEmpty) return 0;
        long sum = 0;
        foreach (var r in running) sum += r.Piece;
        return (int)(sum / running.Length);
    }
}
