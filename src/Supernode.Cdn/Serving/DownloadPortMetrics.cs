using Prometheus;

namespace Supernode.Cdn.Serving;

/// <summary>
/// What the download port served, per replica: the HTTP pipeline's metrics never see it (it is not an API route, and
/// over plain HTTP not Kestrel at all), so it counts its own answers and bytes.
/// </summary>
public static class DownloadPortMetrics
{
    public static readonly Counter Answers = Prometheus.Metrics.CreateCounter(
        "supernode_download_port_answers_total", "Answers of the download port, by status code.", "code");

    public static readonly Counter Bytes = Prometheus.Metrics.CreateCounter(
        "supernode_download_port_bytes_total", "Bytes of CDN files the download port sent.");

    public static readonly Gauge Connections = Prometheus.Metrics.CreateGauge(
        "supernode_download_port_connections", "Connections open on the plain-HTTP download port (Kestrel counts the TLS port's).");

    /// <summary>Counts an answer of <paramref name="status"/> that carried <paramref name="bytes"/> of a file.</summary>
    public static void Answered(int status, long bytes)
    {
        Answers.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (bytes > 0) Bytes.Inc(bytes);
    }
}
