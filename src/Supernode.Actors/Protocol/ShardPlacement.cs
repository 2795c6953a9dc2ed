using Akka.Cluster.Sharding;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Which shards a replica places ahead of need, and through which entity ids (<see cref="ShardPlacer"/>). A shard is
/// placed by the shard coordinator the first time one of its entities is asked for, one placement after another, each
/// written to a majority of the replicas: on a fresh three-replica cluster, 50 new tasks at once waited up to a second
/// for their shards' placements before any of them started. Each replica places its share, so the shards spread
/// evenly and Akka's rebalancing has nothing to move.
/// </summary>
public static class ShardPlacement
{
    /// <summary>
    /// For each shard of <paramref name="extractor"/>, an entity id in it (made of <paramref name="prefix"/> and a
    /// number, the lowest that lands there), keyed by shard id.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EntityInEachShard(IMessageExtractor extractor, string prefix,
        int shardCount = ShardNames.ShardCount)
    {
        var byShard = new Dictionary<string, string>(shardCount);
        // Hashing spreads ids evenly: every shard is reached within a few hundred ids; the bound only stops a wrong count.
        for (var n = 0; byShard.Count < shardCount && n < shardCount * 1000; n++)
        {
            var id = $"{prefix}-{n}";
            byShard.TryAdd(extractor.ShardId(id), id);
        }
        return byShard.Count == shardCount
            ? byShard
            : throw new ArgumentException($"ids {prefix}-N reach only {byShard.Count} of {shardCount} shards");
    }

    /// <summary>
    /// The entity ids, one per shard, replica <paramref name="index"/> of <paramref name="replicas"/> asks for: the
    /// shards whose number leaves that remainder. Whoever asks first for a shard not placed yet gets it.
    /// </summary>
    public static IReadOnlyList<string> ShareOf(IReadOnlyDictionary<string, string> entityInEachShard, int index, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicas);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return entityInEachShard
            .Select(s => (Number: int.TryParse(s.Key, out var n) ? n : throw new ArgumentException($"not a shard number: {s.Key}"), Id: s.Value))
            .Where(s => s.Number % replicas == index)
            .OrderBy(s => s.Number)
            .Select(s => s.Id)
            .ToArray();
    }
}
