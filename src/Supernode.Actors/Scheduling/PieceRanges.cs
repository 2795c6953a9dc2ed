using System.Text;

namespace Supernode.Actors.Scheduling;

/// <summary>Piece sets written the way ops read them: <c>0-41,43,45-60</c>.</summary>
public static class PieceRanges
{
    public static string Format(IEnumerable<int> ascendingPieces)
    {
        var text = new StringBuilder();
        int start = -1, end = -1;
        foreach (var p in ascendingPieces)
        {
            if (start >= 0 && p == end + 1)
            {
                end = p;
                continue;
            }
            Append(text, start, end);
            start = end = p;
        }
        Append(text, start, end);
        return text.ToString();
    }

    internal static IEnumerable<int> Of(PieceBitmap bitmap)
    {
        for (var p = bitmap.Next(0); p >= 0; p = bitmap.Next(p + 1)) yield return p;
    }

    private static void Append(StringBuilder text, int start, int end)
    {
        if (start < 0) return;
        if (text.Length > 0) text.Append(',');
        text.Append(start);
        if (end > start) text.Append('-').Append(end);
    }
}
