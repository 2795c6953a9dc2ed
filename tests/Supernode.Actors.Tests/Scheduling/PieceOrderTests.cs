using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Go's scheduler vectors (the Go supernode's own test vectors).</summary>
public sealed class PieceOrderTests
{
    [Theory]
    [InlineData(new[] { 2, 4, 6 }, 4)]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 0 }, 0)]
    [InlineData(new[] { 0, 4, 9 }, 4)]
    public void Centre_is_the_integer_mean_of_the_running_pieces(int[] running, int expected)
    {
        var pieces = running.Select(p => new RunningPiece(p, ClientRef.Supernode, 0)).ToArray();
        Assert.Equal(expected, PieceOrder.CentreOf(pieces));
    }

    [Fact]
    public void Rarest_first_then_nearest_the_centre()
    {
        for (var seed = 0; seed < 20; seed++)
            Assert.Equal([4, 1, 2], Sorted(new Random(seed), centre: 3, (1, 3), (2, 4), (4, 3)));
    }

    [Fact]
    public void Equal_rarity_and_distance_come_in_random_order()
    {
        var orders = new HashSet<string>();
        for (var seed = 0; seed < 50; seed++)
            orders.Add(string.Join(",", Sorted(new Random(seed), centre: 3, (1, 3), (2, 1), (5, 3))));
        Assert.Equal(["2,1,5", "2,5,1"], orders.Order());
    }

    private static int[] Sorted(Random random, int centre, params (int Piece, int Holders)[] pieces)
    {
        var candidates = pieces.Select(p => new PieceCandidate(p.Piece, p.Holders, Math.Abs(p.Piece - centre), random.Next())).ToArray();
        candidates.AsSpan().Sort(PieceOrder.Comparison);
        return candidates.Select(c => c.Piece).ToArray();
    }
}
