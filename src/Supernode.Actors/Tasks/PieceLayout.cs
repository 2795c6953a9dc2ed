namespace Supernode.Actors.Tasks;

/// <summary>
/// The geometry of a task's wrapped pieces: each piece slot is <c>pieceSize</c> bytes on the wire and on disk,
/// of which 5 are the wrapper (4-byte header, 1-byte trailer).
/// </summary>
public static class PieceLayout
{
    public const int WrapperBytes = 5;
    private const long MiB = 1024 * 1024;
    public const int DefaultPieceSize = (int)(4 * MiB);
    public const int MaxPieceSize = (int)(15 * MiB);

    /// <summary>4 MiB up to 200 MiB (also for unknown −1 and empty 0), else floor(L/100MiB)+2 MiB capped at 15 MiB.</summary>
    public static int PieceSizeFor(long contentLength)
    {
        if (contentLength <= 200 * MiB) return DefaultPieceSize;
        var size = (contentLength / (100 * MiB) + 2) * MiB;
        return (int)Math.Min(size, MaxPieceSize);
    }

    public static int ContentPerPiece(int pieceSize) => pieceSize - WrapperBytes;

    /// <summary>Number of pieces a content of this length is cut into; an empty content is one empty piece.</summary>
    public static int PieceCount(long contentLength, int pieceSize) =>
        contentLength <= 0 ? 1 : (int)((contentLength + ContentPerPiece(pieceSize) - 1) / ContentPerPiece(pieceSize));

    /// <summary>Length of the CDN file: the content plus 5 bytes per piece.</summary>
    public static long WrappedLength(long contentLength, int pieceSize) =>
        Math.Max(0, contentLength) + (long)WrapperBytes * PieceCount(contentLength, pieceSize);

    /// <summary>The wrapped range a dfget is told for a piece: always a full slot, also for the last piece.</summary>
    public static string RangeOf(int pieceNum, int pieceSize)
    {
        var start = (long)pieceNum * pieceSize;
        return $"{start}-{start + pieceSize - 1}";
    }

    /// <summary>
    /// Parses "start-end" as dfget sends it (no spaces, start ≤ end) and returns the piece number
    /// start / (end − start + 1), or −1 when the text is not such a range.
    /// </summary>
    public static int PieceNumOf(string? range)
    {
        if (!TryParseRange(range, out var start, out var end)) return -1;
        var n = start / (end - start + 1);
        return n > int.MaxValue ? -1 : (int)n;
    }

    public static bool TryParseRange(string? range, out long start, out long end)
    {
        start = end = 0;
        if (string.IsNullOrEmpty(range)) return false;
        var dash = range.IndexOf('-');
        if (dash <= 0 || dash != range.LastIndexOf('-')) return false;
        var a = range.AsSpan(0, dash);
        var b = range.AsSpan(dash + 1);
        if (!IsDigits(a) || !IsDigits(b)) return false;
        if (!long.TryParse(a, out start) || !long.TryParse(b, out end)) return false;
        return start <= end;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}
