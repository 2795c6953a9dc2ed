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
    /// <param name="passivateIdleAfter">
    /// How long an entity without messages lives on: past its own expiry, which its timers (not counted as activity)
    /// would not reach after a passivation.
    /// </param>
    public static AkkaConfigurationBuilder WithShardRegionPlacedOnReachable<TKey>(this AkkaConfigurationBuilder b, string typeName,
        Func<ActorSystem, IActorRegistry, Func<string, Props>> entityProps, IMessageExtractor extractor, TimeSpan passivateIdleAfter) =>
        b.WithActors((system, registry) =>
        {
            var settings = ClusterShardingSettings.Create(system)
                .WithStateStoreMode(StateStoreMode.DData)
                .WithRememberEntities(false)
                .WithPassivateIdleAfter(passivateIdleAfter);
            var sharding = ClusterSharding.Get(system);
            var placement = new ReachableShardAllocation(sharding.DefaultShardAllocationStrategy(settings));
            registry.Register<TKey>(sharding.Start(typeName, entityProps(system, registry), settings, extractor, placement, StopEntity.Instance));
        });
}
