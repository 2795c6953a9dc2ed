using Prometheus;

namespace Supernode.Actors.Metrics;

/// <summary>
/// Garbage collection and limits, per replica: the Go supernode's <c>dragonfly_supernode_gc_*</c> series
/// (docs/protocol.md) and ours for the bandwidth limits, so ops see what each replica collects and allows.
/// </summary>
public static class GcMetrics
{
    public static readonly Counter Tasks = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_gc_tasks_total", "Tasks forgotten by the meta GC (unused for taskExpireTime).");

    public static readonly Counter Peers = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_gc_peers_total", "Peers forgotten by the peer GC.");

    public static readonly Counter Disks = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_gc_disks_total", "CDN copies removed by the disk GC.");

    public static readonly Gauge LastDiskGc = Prometheus.Metrics.CreateGauge(
        "dragonfly_supernode_last_gc_disks_timestamp_seconds", "When the disk GC last removed copies (Unix seconds).");

    public static readonly Counter Clients = Prometheus.Metrics.CreateCounter(
        "supernode_gc_clients_total", "Clients of a task forgotten (silent for taskExpireTime or down for peerGCDelay).");

    public static readonly Gauge SourceBandwidthLimit = Prometheus.Metrics.CreateGauge(
        "supernode_source_bandwidth_limit_bytes_per_second", "What all source fetches of this replica may take together (0: no limit).");

    public static readonly Gauge DownloadBandwidthLimit = Prometheus.Metrics.CreateGauge(
        "supernode_download_bandwidth_limit_bytes_per_second", "What the download port of this replica may send (0: no limit).");

    public static readonly Counter SourceBytes = Prometheus.Metrics.CreateCounter(
        "supernode_source_limited_bytes_total", "Bytes read from sources under the source bandwidth limit.");

    public static readonly Counter DownloadBytes = Prometheus.Metrics.CreateCounter(
        "supernode_download_limited_bytes_total", "Bytes sent by the download port under its bandwidth limit.");
}
