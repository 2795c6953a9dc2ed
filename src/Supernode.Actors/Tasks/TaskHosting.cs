using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>Registry key of the task shard region.</summary>
public sealed class TaskRegion;

/// <summary>
/// The task entities of a replica and the group entities of hot tasks: their shard regions, each entity kept until its
/// expiry has come.
/// </summary>
public static class TaskHosting
{
    /// <param name="settings">What a task entity knows of its replica, made once the actor system is up (and once for both regions).</param>
    public static AkkaConfigurationBuilder WithTaskEntities(this AkkaConfigurationBuilder b, Func<ActorSystem, TaskEntitySettings> settings)
    {
        TaskEntitySettings? made = null;
        TaskEntitySettings Made(ActorSystem system) => made ??= settings(system);
        return b
            .WithShardRegionPlacedOnReachable<TaskRegion>(ShardNames.Task,
                (system, registry) => new EntityHosting(
                    id => TaskEntity.Props(id, Made(system), registry.Get<CdnManagerActor>(), registry.Get<TaskGroupRegion>()),
                    Made(system).ExpiryOrDefault.PassivateIdleAfter),
                EntityMessageExtractors.Tasks())
            .WithTaskGroupEntities(Made);
    }
}
