using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster;
using Akka.Hosting;
using Prometheus;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Metrics;

/// <summary>
/// Our cluster series, read from this replica when <c>/metrics</c> is scraped: the members it sees by status, and
/// the shards and live entities of each region it hosts. Shard moves (rebalances, hand-offs) show as changes of
/// <c>supernode_cluster_shards</c>.
/// </summary>
public sealed class ClusterMetrics(ActorSystem system, ActorRegistry registry) : IHostedService
{
    private static readonly Gauge Members = Prometheus.Metrics.CreateGauge(
        "supernode_cluster_members", "Cluster members this replica sees, by status (unreachable ones also as status Unreachable).", "status");

    private static readonly Gauge Shards = Prometheus.Metrics.CreateGauge(
        "supernode_cluster_shards", "Shards of the region hosted by this replica.", "region");

    private static readonly Gauge Entities = Prometheus.Metrics.CreateGauge(
        "supernode_cluster_entities", "Live entities of the region on this replica.", "region");

    private static readonly string[] Statuses = Enum.GetNames<MemberStatus>();

    public Task StartAsync(CancellationToken ct)
    {
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(CollectAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task CollectAsync(CancellationToken ct)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        foreach (var status in Statuses) Members.WithLabels(status).Set(state.Members.Count(m => m.Status.ToString() == status));
        Members.WithLabels("Unreachable").Set(state.Unreachable.Count);
        await RegionAsync(ShardNames.Task, registry.Get<TaskRegion>(), ct);
        await RegionAsync(ShardNames.Peer, registry.Get<PeerRegion>(), ct);
    }

    private static async Task RegionAsync(string name, IActorRef region, CancellationToken ct)
    {
        // A busy region keeps its last values for this scrape.
        if (await region.AskOrNullAsync<CurrentShardRegionState>(GetShardRegionState.Instance, Deadlines.MetricsScrape, ct) is not { } s) return;
        Shards.WithLabels(name).Set(s.Shards.Count);
        Entities.WithLabels(name).Set(s.Shards.Sum(x => x.EntityIds.Count));
    }
}
