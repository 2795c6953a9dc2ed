using Prometheus;

namespace Supernode.Actors.Metrics;

/// <summary>
/// The Go supernode's <c>dragonfly_supernode_peers</c>: peer records held by the peer entities living on this
/// replica, by IP (summed over the replicas: the cluster's live peers).
/// </summary>
public static class PeerMetrics
{
    public static readonly Gauge Peers = Prometheus.Metrics.CreateGauge(
        "dragonfly_supernode_peers", "Peers held by the peer entities of this replica, by IP.", "peer");
}
