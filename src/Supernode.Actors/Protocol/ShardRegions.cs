using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Starts the task, peer and preheat shard regions: entities kept in distributed data (not remembered), passivated
/// when idle, stopped with <see cref="StopEntity"/>, and new shards placed only on replicas that answer
/// (<see cref="ReachableShardAllocation"/>; Akka.Hosting's <c>WithShardRegion</c> takes no allocation strategy, hence this).
/// </summary>
public static class ShardRegions
{
    /// <summary>Starts region <paramref name="typeName"/> once the actor system is up and registers it under <typeparamref name="TKey"/>.</summary>
    /// <param name="placement">Where its shards go; null: <see cref="ReachableShardAllocation"/> over Akka's least-shards strategy.</param>
    /// <param name="entities">How the region's entities are made, once the actor system is up.</param>
    public static AkkaConfigurationBuilder WithShardRegionPlacedOnReachable<TKey>(this AkkaConfigurationBuilder b, string typeName,
        Func<ActorSystem, IActorRegistry, EntityHosting> entities, IMessageExtractor extractor, IShardAllocationStrategy? placement = null) =>
        b.WithActors((system, registry) =>
        {
            var hosting = entities(system, registry);
            var settings = ClusterShardingSettings.Create(system)
                .WithStateStoreMode(StateStoreMode.DData)
                .WithRememberEntities(false)
                .WithPassivateIdleAfter(hosting.PassivateIdleAfter);
            var sharding = ClusterSharding.Get(system);
            registry.Register<TKey>(sharding.Start(typeName, hosting.Props, settings, extractor,
                placement ?? new ReachableShardAllocation(sharding.DefaultShardAllocationStrategy(settings)), StopEntity.Instance));
        });
}

/// <summary>How a region makes its entities, and how long one without messages lives on.</summary>
/// <param name="PassivateIdleAfter">
/// Past the entity's own expiry, which its timers (not counted as activity) would not reach after a passivation.
/// </param>
public sealed record EntityHosting(Func<string, Props> Props, TimeSpan PassivateIdleAfter);
