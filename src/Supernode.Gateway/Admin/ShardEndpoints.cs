using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/cluster/shards</c>: the task and peer shards this replica hosts and how many entities are alive in
/// them now (passivated and forgotten ones are not), plus the managed memory: what a long-running replica keeps.
/// </summary>
public static class ShardEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void MapShards(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/cluster/shards",
        async (IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRegion> peers, CancellationToken ct) =>
        {
            var taskState = await tasks.ActorRef.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, ct);
            var peerState = await peers.ActorRef.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, ct);
            return GoJson.Body(StatusCodes.Status200OK, new ReplicaShards(
                Region.Of(taskState), Region.Of(peerState), GC.GetTotalMemory(forceFullCollection: false)));
        });

    private sealed record ReplicaShards(
        [property: JsonPropertyName("task")] Region Task,
        [property: JsonPropertyName("peer")] Region Peer,
        [property: JsonPropertyName("managedMemoryBytes")] long ManagedMemoryBytes);

    private sealed record Region(
        [property: JsonPropertyName("shards")] int Shards,
        [property: JsonPropertyName("entities")] int Entities)
    {
        public static Region Of(CurrentShardRegionState s) => new(s.Shards.Count, s.Shards.Sum(x => x.EntityIds.Count));
    }
}
