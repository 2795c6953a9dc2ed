using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Preheat;

/// <summary>Registry key of the preheat shard region.</summary>
public sealed class PreheatRegion;

/// <summary>Registry key of the proxy of the preheat keeper (a cluster singleton).</summary>
public sealed class PreheatKeeperActor;

/// <summary>The preheat jobs: their shard region and the keeper that wakes them (a cluster singleton).</summary>
public static class PreheatHosting
{
    /// <summary>
    /// An idle job's entity stops after this; the keeper wakes it whenever it has something to do (resume, or collect
    /// it after its retention), so its own timers need not outlive a passivation.
    /// </summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    /// <param name="images">Resolves an image's layers, made once the services are up.</param>
    /// <param name="listJobs">The ids of every job in the journal (cluster-wide), for the keeper's sweeps.</param>
    /// <param name="sweepEvery">How often the keeper wakes the jobs that are due.</param>
    public static AkkaConfigurationBuilder WithPreheatJobs(this AkkaConfigurationBuilder b, PreheatEntitySettings settings,
        Func<IImageResolver> images, Func<ActorSystem, Func<CancellationToken, Task<IReadOnlyList<string>>>> listJobs, TimeSpan sweepEvery) =>
        b.WithShardRegionPlacedOnReachable<PreheatRegion>(ShardNames.Preheat,
                (_, registry) =>
                {
                    var resolver = images();
                    return new EntityHosting(
                        id => PreheatEntity.Props(id, settings, registry.Get<TaskRegion>(), registry.Get<PreheatKeeperActor>(), resolver), IdleAfter);
                },
                EntityMessageExtractors.Preheats())
            .WithSingleton<PreheatKeeperActor>("preheat-keeper",
                (system, registry, _) => PreheatKeeper.Props(registry.Get<PreheatRegion>(), listJobs(system), sweepEvery));
}
