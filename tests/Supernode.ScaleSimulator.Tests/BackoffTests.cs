using Supernode.ScaleSimulator.Fleet;

namespace Supernode.ScaleSimulator.Tests;

public sealed class BackoffTests
{
    [Fact]
    public void Sleeps_double_from_50_100_ms_up_to_800_1600_ms_and_stay_there()
    {
        var backoff = new Backoff();
        var random = new Random(3);
        (int Min, int Max)[] expected = [(50, 100), (100, 200), (200, 400), (400, 800), (800, 1600), (800, 1600), (800, 1600)];
        foreach (var (min, max) in expected)
        {
            var ms = backoff.Next(random) * 1000;
            Assert.InRange(ms, min, max - 1);
        }
    }
}
