using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Util;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>Registry key of the task group shard region.</summary>
public sealed class TaskGroupRegion;

/// <summary>The group entities of hot tasks (<see cref="TaskGroupEntity"/>): their shard region, spread over the replicas.</summary>
internal static class TaskGroupHosting
{
    /// <param name="settings">What a task entity knows of its replica; a group is scheduled with the same.</param>
    internal static AkkaConfigurationBuilder WithTaskGroupEntities(this AkkaConfigurationBuilder b, Func<ActorSystem, TaskEntitySettings> settings) =>
        b.WithShardRegionPlacedOnReachable<TaskGroupRegion>(ShardNames.TaskGroup,
            (system, registry) =>
            {
                var made = settings(system);
                return new EntityHosting(
                    id => TaskGroupEntity.Props(id, made, new TaskGroupLinks(registry.Get<TaskRegion>(), registry.Get<TaskGroupRegion>())),
                    made.ExpiryOrDefault.PassivateIdleAfter);
            },
            new TaskGroupMessageExtractor(),
            new SpreadShardAllocation());
}

/// <summary>
/// Routes to a group by its id and hands the group the client call a <see cref="IToGroup"/> carries. Group g of a task
/// is in shard (h + g) mod <see cref="ShardCount"/>, h a hash of the task id: a task's groups are in consecutive
/// shards, which <see cref="SpreadShardAllocation"/> places on consecutive replicas.
/// </summary>
public sealed class TaskGroupMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>A multiple of every cluster size from 2 to 6, so the wrap from the last shard to the first keeps the spread.</summary>
    public const int ShardCount = 60;

    public override string? EntityId(object message) => message is IWithGroupId m ? m.GroupId : null;

    public override object EntityMessage(object message) => message is IToGroup g ? g.Command : message;

    public override string ShardId(string entityId, object? messageHint = null)
    {
        if (!TaskGroupId.TryParse(entityId, out var taskId, out var group)) return base.ShardId(entityId, messageHint);
        var first = (MurmurHash.StringHash(taskId) & int.MaxValue) % ShardCount;
        return ((first + group) % ShardCount).ToString();
    }
}
