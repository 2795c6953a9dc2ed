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
    public static AkkaConfigurationBuilder WithTaskEntities(this AkkaConfigurationBuilder b, Func<ActorSystem, TaskEntitySettings> settings) =>
        b.WithShardRegionPlacedOnReachable<TaskRegion>(ShardNames.Task,
            (system, registry) =>
            {
                var made = settings(system);
                return new EntityHosting(id => TaskEntity.Props(id, made, registry.Get<CdnManagerActor>()), made.ExpiryOrDefault.PassivateIdleAfter);
            },
            EntityMessageExtractors.Tasks());
}
