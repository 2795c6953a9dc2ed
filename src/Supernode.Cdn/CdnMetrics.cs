using Prometheus;

namespace Supernode.Cdn;

/// <summary>
/// The Go supernode's CDN series (docs/protocol.md), per replica: each replica counts the copies it makes. Plus ours:
/// the copies running here now.
/// </summary>
public static class CdnMetrics
{
    public static readonly Counter CacheHits = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_cache_hit_total", "Copies found complete on disk and confirmed by the source.");

    public static readonly Counter Downloads = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_download_total", "Requests for a source's content (a fresh copy or a resume).");

    public static readonly Counter DownloadBytes = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_download_size_bytes_total", "Content bytes read from sources.");

    public static readonly Counter DownloadsFailed = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_download_failed_total", "Requests for a source's content that were refused or got no answer.");

    public static readonly Counter Triggers = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_trigger_total", "Copies that ended (made, resumed or found on disk, or failed).");

    public static readonly Counter TriggersFailed = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_cdn_trigger_failed_total", "Copies that ended in failure.");

    public static readonly Gauge CopiesRunning = Prometheus.Metrics.CreateGauge(
        "supernode_cdn_copies_running", "Copies being made on this replica now.");
}
