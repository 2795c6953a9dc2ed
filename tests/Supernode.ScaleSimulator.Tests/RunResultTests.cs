using Supernode.ScaleSimulator.Fleet;

namespace Supernode.ScaleSimulator.Tests;

public sealed class RunResultTests
{
    private static RunResult Result(string policy, int clients, params double[] completions) => new()
    {
        Policy = policy,
        Clients = clients,
        SupernodeBudget = 4,
        CompletionSeconds = completions,
        FirstPieceSeconds = [.. completions.Select(c => c / 10)],
        SupernodeBytes = 10,
        PeerBytes = 90,
        DuplicatePieces = 0,
        PeakSupernodeUploads = 3,
        Pulls = 5,
        Waits = 1,
        Events = 20,
        VirtualSeconds = completions.DefaultIfEmpty().Max(),
        WallSeconds = 0.5,
    };

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var r = Result("go", 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Assert.Equal((1.0, 5.0, 9.0, 10.0), (r.Min, r.Median, r.P90, r.Max));
        Assert.Equal(0.1, r.SupernodeShare, 6);
    }

    [Fact]
    public void Pooling_merges_clients_and_sums_counts()
    {
        var pooled = RunResult.Pool([Result("go", 3, 3, 5), Result("go", 3, 1, 2, 4)]);

        Assert.Equal([1.0, 2, 3, 4, 5], pooled.CompletionSeconds);
        Assert.Equal(0.3, pooled.MedianFirstPiece, 6);
        Assert.Equal((2, 3, 1), (pooled.Runs, pooled.Clients, pooled.Unfinished));
        Assert.Equal((20L, 180L, 10L, 40L), (pooled.SupernodeBytes, pooled.PeerBytes, pooled.Pulls, pooled.Events));
        Assert.Throws<ArgumentException>(() => RunResult.Pool([Result("go", 3, 1), Result("ours", 3, 1)]));
    }
}
