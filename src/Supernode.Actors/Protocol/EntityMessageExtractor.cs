using Akka.Cluster.Sharding;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Routes a message to its entity by the id it carries. MurmurHash-based (stable across processes);
/// a message without an id of the expected kind is not routable and is dropped by the region.
/// </summary>
public sealed class EntityMessageExtractor<TWithId>(Func<TWithId, string> id) : HashCodeMessageExtractor(ShardNames.ShardCount)
    where TWithId : class
{
    public override string? EntityId(object message) => message is TWithId m ? id(m) : null;
}

public static class EntityMessageExtractors
{
    public static EntityMessageExtractor<IWithTaskId> Tasks() => new(m => m.TaskId);
    public static EntityMessageExtractor<IWithPeerId> Peers() => new(m => m.PeerId);
    public static EntityMessageExtractor<IWithPreheatId> Preheats() => new(m => m.PreheatId);
}
