namespace Supernode.Actors.Protocol;

/// <summary>
/// Shard type names, persistence-id prefixes and the shard count. These are schema constants: changing any of
/// them moves entities or orphans their journals, so never change them on a running cluster.
/// </summary>
public static class ShardNames
{
    public const string Task = "task";
    public const string Peer = "peer";
    public const string Preheat = "preheat";

    /// <summary>A hot task's groups (<c>Tasks.TaskGroupEntity</c>), entity ids <c>{taskId}/{group}</c>.</summary>
    public const string TaskGroup = "taskgroup";

    /// <summary>Persistence ids of each replica's journal warm-up (<see cref="JournalWarmup"/>); not a shard type.</summary>
    public const string Warmup = "warmup";

    /// <summary>About ten shards per planned node, for clusters of up to five replicas.</summary>
    public const int ShardCount = 50;

    public static string PersistenceId(string shardType, string entityId) => $"{shardType}-{entityId}";
}
