using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>Registry key of the task shard region.</summary>
public sealed class TaskRegion;

/// <summary>The task entities of a replica: their shard region, each entity kept until its expiry has come.</summary>
public static class TaskHosting
{
    /// <param name="settings">What a task entity knows of its replica, made once the actor system is up.</param>
    /// <param name="expiry">The same expiry the settings carry: the region's passivation follows it.</param>
    public static AkkaConfigurationBuilder WithTaskEntities(this AkkaConfigurationBuilder b, Func<ActorSystem, TaskEntitySettings> settings, TaskExpiry expiry) =>
        b.WithShardRegionPlacedOnReachable<TaskRegion>(ShardNames.Task,
            (system, registry) =>
            {
                var made = settings(system);
                return id => TaskEntity.Props(id, made, registry.Get<CdnManagerActor>());
            },
            EntityMessageExtractors.Tasks(), expiry.PassivateIdleAfter);
}
