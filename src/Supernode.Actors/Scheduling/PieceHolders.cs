namespace Supernode.Actors.Scheduling;

/// <summary>
/// Per piece, the clients that can serve it. The counts are exact (they order pieces rarest first); the lists
/// may keep entries that went stale (holder down, removed, re-registered, withdrawn) until a probe meets and
/// drops them, so retiring a holder of every piece costs one decrement per piece, not a search in each list.
/// </summary>
/// <param name="isHolder">Whether an entry is still valid for a piece.</param>
internal sealed class PieceHolders(Func<ClientRef, int, bool> isHolder)
{
    /// <summary>Lists shorter than this are left to the probes.</summary>
    private const int CompactFrom = 32;

    private List<ClientRef>?[] _lists = [];
    private int[] _counts = [];

    public int Count(int piece) => piece < _counts.Length ? _counts[piece] : 0;

    public void Add(int piece, ClientRef holder)
    {
        if (piece >= _counts.Length)
        {
            var size = Math.Max(piece + 1, _counts.Length * 2);
            Array.Resize(ref _lists, size);
            Array.Resize(ref _counts, size);
        }
        (_lists[piece] ??= []).Add(holder);
        _counts[piece]++;
    }

    /// <summary>
    /// One holder of the piece stopped being one (its entry must already be stale); the entry is dropped when
    /// next met, or now if most of the list is stale: probes do not reach pieces nobody fetches any more, and
    /// the cost is paid once per half a list of forgets.
    /// </summary>
    public void Forget(int piece)
    {
        var count = --_counts[piece];
        var entries = _lists[piece]!;
        if (entries.Count < CompactFrom || entries.Count <= 2 * count) return;
        var kept = 0;
        for (var i = 0; i < entries.Count; i++)
            if (isHolder(entries[i], piece)) entries[kept++] = entries[i];
        entries.RemoveRange(kept, entries.Count - kept);
        entries.TrimExcess();
    }

    /// <summary>The piece's list, stale entries included; null when nobody ever held it.</summary>
    public List<ClientRef>? Entries(int piece) => piece < _lists.Length ? _lists[piece] : null;

    /// <summary>Drops a stale entry in O(1); the last entry takes its place.</summary>
    public static void DropAt(List<ClientRef> entries, int i)
    {
        var last = entries.Count - 1;
        entries[i] = entries[last];
        entries.RemoveAt(last);
    }
}
