using System.Runtime.CompilerServices;

// Each test runs three replicas, PostgreSQL, nginx and peers: one at a time keeps them honest on 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Supernode.Cluster.Tests;

internal static class ThreadPoolWarmup
{
    /// <summary>Dozens of concurrent piece transfers per test: do not wait for the pool to grow.</summary>
    [ModuleInitializer]
    internal static void Init() => ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount), Math.Max(64, Environment.ProcessorCount));
}
