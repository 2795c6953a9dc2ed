using System.Globalization;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// A piece range as dfget writes it, <c>start-end</c> in wrapped offsets and always a whole piece, so the piece
/// number is <c>start / (end - start + 1)</c> (docs/protocol.md, pieces on the wire).
/// </summary>
public static class PieceRange
{
    /// <summary>The range of piece <paramref name="pieceNum"/> of a task with pieces of <paramref name="pieceSize"/>: a whole slot.</summary>
    public static string Of(int pieceNum, int pieceSize)
    {
        var start = (long)pieceNum * pieceSize;
        return string.Create(CultureInfo.InvariantCulture, $"{start}-{start + pieceSize - 1}");
    }

    public static bool TryParsePieceNum(string? range, out int pieceNum)
    {
        pieceNum = -1;
        if (!TryParse(range, out var start, out var end)) return false;
        var n = start / (end - start + 1);
        if (n > int.MaxValue) return false;
        pieceNum = (int)n;
        return true;
    }

    /// <summary>The first and last offsets of a range <c>start-end</c> with <c>start ≤ end</c>.</summary>
    public static bool TryParse(string? range, out long start, out long end)
    {
        start = end = -1;
        if (string.IsNullOrEmpty(range)) return false;
        var dash = range.IndexOf('-');
        return dash > 0
               && long.TryParse(range.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out start)
               && long.TryParse(range.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out end)
               && end >= start;
    }
}
