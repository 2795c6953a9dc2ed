using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Supernode.Actors.Peers;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/cluster/shards</c>: the task and peer shards this replica hosts (their ids) and how many entities are
/// alive in them now (passivated and forgotten ones are not), plus the managed memory: what a long-running replica keeps.
/// <c>replicas</c> is the same for every replica of the cluster, as the shard coordinators know it: the shards of
/// each region add up to the cluster's, each shard on exactly one replica.
/// </summary>
public static class ShardEndpoints
{
    public static void MapShards(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/cluster/shards",
        async (IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRegion> peers, CancellationToken ct) =>
        {
            var taskState = await tasks.ActorRef.AskOrNullAsync<CurrentShardRegionState>(GetShardRegionState.Instance, Deadlines.ShardRegion, ct);
            var peerState = await peers.ActorRef.AskOrNullAsync<CurrentShardRegionState>(GetShardRegionState.Instance, Deadlines.ShardRegion, ct);
            var taskStats = await tasks.ActorRef.AskOrNullAsync<ClusterShardingStats>(new GetClusterShardingStats(Deadlines.ShardStatistics), Deadlines.ShardRegion, ct);
            var peerStats = await peers.ActorRef.AskOrNullAsync<ClusterShardingStats>(new GetClusterShardingStats(Deadlines.ShardStatistics), Deadlines.ShardRegion, ct);
            if (taskState is null || peerState is null || taskStats is null || peerStats is null)
                return GoJson.Error(StatusCodes.Status503ServiceUnavailable, "the shard regions did not answer in time");
            var replicas = taskStats.Regions.Keys.Union(peerStats.Regions.Keys).OrderBy(a => a.ToString())
                .Select(a => new Replica(a.ToString(), Region.Of(taskStats, a), Region.Of(peerStats, a)))
                .ToArray();
            return GoJson.Body(StatusCodes.Status200OK, new ReplicaShards(
                Region.Of(taskState), Region.Of(peerState), GC.GetTotalMemory(forceFullCollection: false), replicas));
        });

    private sealed record ReplicaShards(
        [property: JsonPropertyName("task")] Region Task,
        [property: JsonPropertyName("peer")] Region Peer,
        [property: JsonPropertyName("managedMemoryBytes")] long ManagedMemoryBytes,
        [property: JsonPropertyName("replicas")] Replica[] Replicas);

    private sealed record Replica(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("task")] Region Task,
        [property: JsonPropertyName("peer")] Region Peer);

    /// <param name="Failed">Shards whose statistics did not come back in time (cluster-wide view only).</param>
    /// <param name="ShardIds">The shards themselves (this replica's own view only).</param>
    private sealed record Region(
        [property: JsonPropertyName("shards")] int Shards,
        [property: JsonPropertyName("entities")] int Entities,
        [property: JsonPropertyName("failed"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Failed = 0,
        [property: JsonPropertyName("shardIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? ShardIds = null)
    {
        public static Region Of(CurrentShardRegionState s) => new(s.Shards.Count, s.Shards.Sum(x => x.EntityIds.Count),
            ShardIds: s.Shards.Select(x => x.ShardId)
                .OrderBy(id => int.TryParse(id, out var n) ? n : int.MaxValue).ThenBy(id => id, StringComparer.Ordinal).ToArray());

        public static Region Of(ClusterShardingStats stats, Address replica) =>
            stats.Regions.TryGetValue(replica, out var r) ? new Region(r.Stats.Count, r.Stats.Values.Sum(), r.Failed.Count) : new Region(0, 0);
    }
}
