using Supernode.Actors.Scheduling;
using static Supernode.Actors.Tests.Scheduling.SchedulerTestKit;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Which pieces a pull hands out first (docs/scheduling.md, step 5).</summary>
public sealed class PieceOrderTests
{
    [Fact]
    public void Rarest_first()
    {
        for (var seed = 0; seed < 20; seed++)
            Assert.Equal([4, 1, 2], Sorted(new Random(seed), (1, 3), (2, 4), (4, 2)));
    }

    [Fact]
    public void Equal_rarity_comes_in_random_order()
    {
        var orders = new HashSet<string>();
        for (var seed = 0; seed < 50; seed++)
            orders.Add(string.Join(",", Sorted(new Random(seed), (1, 3), (2, 1), (5, 3))));
        Assert.Equal(["2,1,5", "2,5,1"], orders.Order());
    }

    /// <summary>
    /// Go ordered equally rare pieces by their distance to the middle of what the client fetches, the file's start for
    /// a client that fetches nothing yet: a fleet then moved through the file as a front, every client wanting the same
    /// last pieces at the end (docs/scheduling.md, where we differ from Go).
    /// </summary>
    [Fact]
    public void A_fleet_starting_at_once_does_not_start_at_the_beginning_of_the_file()
    {
        var s = Create(64, settings: new SchedulerSettings { SupernodeBudget = 400 });
        var firsts = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            s.AddClient($"c{i}", servesPieces: true);
            firsts.AddRange(s.Pull($"c{i}", 0).Pieces().Select(p => p.PieceNum));
        }

        Assert.Equal(400, firsts.Count);
        // Spread over the file: each quarter gets about a quarter of the first pieces, not all of them the first.
        Assert.All(firsts.GroupBy(p => p / 16).Select(g => g.Count()), n => Assert.InRange(n, 60, 140));
    }

    private static int[] Sorted(Random random, params (int Piece, int Holders)[] pieces)
    {
        var candidates = pieces.Select(p => new PieceCandidate(p.Piece, p.Holders, random.Next())).ToArray();
        candidates.AsSpan().Sort(PieceOrder.Comparison);
        return candidates.Select(c => c.Piece).ToArray();
    }
}
