using System.Runtime.CompilerServices;

namespace Supernode.PeerSimulator.Tests;

internal static class ThreadPoolWarmup
{
    /// <summary>
    /// The test host blocks pool threads; on a 2-CPU runner the next continuation then waits ~0.5 s for the pool
    /// to grow, which distorts the timings these tests bound (back-off sleeps). Start with enough threads.
    /// </summary>
    [ModuleInitializer]
    internal static void Init() => ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount), Math.Max(32, Environment.ProcessorCount));
}
