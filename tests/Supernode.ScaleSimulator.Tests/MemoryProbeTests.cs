using Supernode.ScaleSimulator.Memory;

namespace Supernode.ScaleSimulator.Tests;

/// <summary>The probe builds what it claims; its figures are only meaningful in the console (tests run in parallel).</summary>
public sealed class MemoryProbeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_small_population_is_built_and_weighed(bool downloading)
    {
        var m = MemoryProbe.Measure(new MemoryScenario(Tasks: 3, ClientsPerTask: 5, Pieces: 20, downloading));

        Assert.Equal(15, m.Scenario.Clients);
        Assert.True(m.AllocatedBytes > 0);
        Assert.Null(m.MeetsTarget);
    }
}
