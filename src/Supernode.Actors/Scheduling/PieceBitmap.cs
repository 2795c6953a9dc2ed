using System.Numerics;

namespace Supernode.Actors.Scheduling;

/// <summary>A growable set of piece numbers, one bit per piece (a 1,000-piece task costs 125 bytes per set).</summary>
internal sealed class PieceBitmap
{
    private ulong[] _words;

    public PieceBitmap() => _words = [];

    private PieceBitmap(ulong[] words)
    {
        _words = words;
        foreach (var w in words) Count += BitOperations.PopCount(w);
    }

    public static PieceBitmap FromWords(ulong[]? words) => new(words is null ? [] : (ulong[])words.Clone());

    public int Count { get; private set; }

    public bool Contains(int piece)
    {
        var w = piece >> 6;
        return w < _words.Length && (_words[w] & (1UL << piece)) != 0;
    }

    /// <summary>Adds the piece; false when it was already there.</summary>
    public bool Add(int piece)
    {
        var w = piece >> 6;
        // Grow to the word needed, not by doubling: pieces arrive in order, and thousands of clients hold one set each.
        if (w >= _words.Length) Array.Resize(ref _words, w + 1);
        var bit = 1UL << piece;
        if ((_words[w] & bit) != 0) return false;
        _words[w] |= bit;
        Count++;
        return true;
    }

    /// <summary>Removes the piece; false when it was not there.</summary>
    public bool Remove(int piece)
    {
        var w = piece >> 6;
        var bit = 1UL << piece;
        if (w >= _words.Length || (_words[w] & bit) == 0) return false;
        _words[w] &= ~bit;
        Count--;
        return true;
    }

    /// <summary>Bits 64·index … 64·index+63; zero past the end.</summary>
    public ulong Word(int index) => index < _words.Length ? _words[index] : 0;

    /// <summary>The smallest piece ≥ <paramref name="from"/> in the set, or −1.</summary>
    public int Next(int from)
    {
        var w = from >> 6;
        if (w >= _words.Length) return -1;
        var bits = _words[w] & (ulong.MaxValue << from);
        while (true)
        {
            if (bits != 0) return (w << 6) + BitOperations.TrailingZeroCount(bits);
            if (++w == _words.Length) return -1;
            bits = _words[w];
        }
    }

    /// <summary>How many of the pieces [0, <paramref name="limit"/>) are in the set.</summary>
    public int CountBelow(int limit)
    {
        var full = Math.Min(limit >> 6, _words.Length);
        var n = 0;
        for (var i = 0; i < full; i++) n += BitOperations.PopCount(_words[i]);
        if ((limit & 63) != 0 && full < _words.Length)
            n += BitOperations.PopCount(_words[full] & ((1UL << limit) - 1));
        return n;
    }

    /// <summary>The words without trailing empty ones, for snapshots.</summary>
    public ulong[] ToWords()
    {
        var n = _words.Length;
        while (n > 0 && _words[n - 1] == 0) n--;
        return _words.AsSpan(0, n).ToArray();
    }
}
