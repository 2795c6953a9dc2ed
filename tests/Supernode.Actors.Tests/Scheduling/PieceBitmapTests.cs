using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

public sealed class PieceBitmapTests
{
    [Fact]
    public void Add_remove_and_count_across_words()
    {
        var b = new PieceBitmap();
        Assert.True(b.Add(0));
        Assert.True(b.Add(63));
        Assert.True(b.Add(64));
        Assert.True(b.Add(200));
        Assert.False(b.Add(64));
        Assert.Equal(4, b.Count);
        Assert.True(b.Contains(200));
        Assert.False(b.Contains(199));
        Assert.False(b.Contains(10_000));
        Assert.True(b.Remove(63));
        Assert.False(b.Remove(63));
        Assert.False(b.Remove(10_000));
        Assert.Equal(3, b.Count);
    }

    [Fact]
    public void Next_walks_the_set_in_order()
    {
        var b = new PieceBitmap();
        foreach (var p in new[] { 5, 64, 130, 131 }) b.Add(p);
        var seen = new List<int>();
        for (var p = b.Next(0); p >= 0; p = b.Next(p + 1)) seen.Add(p);
        Assert.Equal([5, 64, 130, 131], seen);
        Assert.Equal(-1, b.Next(132));
        Assert.Equal(-1, b.Next(1_000));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(64, 1)]
    [InlineData(65, 2)]
    [InlineData(131, 3)]
    [InlineData(1_000, 4)]
    public void CountBelow_counts_only_the_lower_pieces(int limit, int expected)
    {
        var b = new PieceBitmap();
        foreach (var p in new[] { 5, 64, 130, 131 }) b.Add(p);
        Assert.Equal(expected, b.CountBelow(limit));
    }

    [Fact]
    public void Words_round_trip_without_trailing_empty_words()
    {
        var b = new PieceBitmap();
        b.Add(3);
        b.Add(130);
        b.Remove(130);
        var words = b.ToWords();
        Assert.Equal([8UL], words);
        var copy = PieceBitmap.FromWords(words);
        Assert.True(copy.Contains(3));
        Assert.Equal(1, copy.Count);
    }
}
