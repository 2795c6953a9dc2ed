using Prometheus;

namespace Supernode.Gateway.Metrics;

/// <summary>
/// What dfget reports, counted as the Go supernode counts it (docs/protocol.md): downloads from <c>/task/metrics</c>,
/// and the bytes of pieces fetched from the supernode's copy from <c>/peer/piece/suc</c>.
/// </summary>
public static class DfgetMetrics
{
    public static readonly Histogram DownloadDuration = Prometheus.Metrics.CreateHistogram(
        "dragonfly_dfget_download_duration_seconds", "Duration of successful dfget downloads, in seconds.",
        new HistogramConfiguration { LabelNames = ["callsystem", "peer"], Buckets = [1, 2, 5, 10, 30, 60, 120, 300, 600] });

    public static readonly Counter DownloadBytes = Prometheus.Metrics.CreateCounter(
        "dragonfly_dfget_download_size_bytes_total", "Bytes of successful dfget downloads.", "callsystem", "peer");

    public static readonly Counter Downloads = Prometheus.Metrics.CreateCounter(
        "dragonfly_dfget_download_total", "dfget downloads reported.", "callsystem", "peer");

    public static readonly Counter DownloadsFailed = Prometheus.Metrics.CreateCounter(
        "dragonfly_dfget_download_failed_total", "dfget downloads reported as failed, by back-source reason.", "callsystem", "peer", "reason");

    public static readonly Counter PiecesFromSupernode = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_pieces_downloaded_size_bytes_total", "Bytes of pieces clients fetched from the supernode's copy.");
}
