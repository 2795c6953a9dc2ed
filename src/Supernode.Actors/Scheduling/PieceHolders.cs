namespace Supernode.Actors.Scheduling;

/// <summary>
/// Per piece, the clients that can serve it. The counts are exact (they order pieces rarest first); the lists
/// may keep entries that went stale (holder down, removed, re-registered, withdrawn) until a probe meets and
/// drops them, so retiring a holder of every piece costs one decrement per piece, not a search in each list.
/// </summary>
internal sealed class PieceHolders
{
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

    /// <summary>One holder of the piece stopped being one; its list entry is dropped when next met.</summary>
    public void Forget(int piece) => _counts[piece]--;

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
