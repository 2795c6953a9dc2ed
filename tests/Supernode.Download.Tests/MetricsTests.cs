using Supernode.Gateway.Dfget;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>
/// After five peers download one file, <c>/metrics</c> counts what happened (registrations, one
/// CDN download of the whole source, the bytes of pieces fetched from the supernode, five dfget reports) and carries
/// every series name of docs/protocol.md with its type.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_five_peers_download_metrics_count_what_happened()
    {
        const long length = 20L * 1024 * 1024;
        const string callSystem = "metrics-test";
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/metrics20m.bin", length);
        await using var fleet = await h.FleetAsync(url, 5, (_, o) => o with { CallSystem = callSystem });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(5, result.Succeeded);
        var metrics = await ScrapeAsync(h);
        foreach (var (name, type) in GoMetricSeries.All)
            Assert.True(metrics.Types.TryGetValue(name, out var actual) && actual == type, $"{name} ({type}) missing: {actual}");
        Assert.True(metrics.Types.ContainsKey("process_cpu_seconds_total"), "process metrics missing");

        var registrations = 5 + result.Peers.Sum(p => p.Download.Migrations);
        Assert.Equal(registrations, metrics.Sum("dragonfly_supernode_tasks_registered_total"));
        Assert.Equal(registrations, metrics.Sum("dragonfly_supernode_dfgettasks_registered_total", ("callsystem", callSystem)));
        Assert.Equal(registrations, metrics.Sum("dragonfly_supernode_http_requests_total", ("handler", "/peer/registry"), ("code", "200")));
        Assert.Equal(1, metrics.Sum("dragonfly_supernode_tasks", ("cdnstatus", "SUCCESS")));
        Assert.Equal(5, metrics.Sum("dragonfly_supernode_dfgettasks", ("callsystem", callSystem), ("status", "SUCCESS")));
        Assert.Equal(5, metrics.Sum("dragonfly_supernode_peers", ("peer", "127.0.0.1")));

        // The source was read once, whole.
        Assert.Equal(1, metrics.Sum("dragonfly_supernode_cdn_download_total"));
        Assert.Equal(length, metrics.Sum("dragonfly_supernode_cdn_download_size_bytes_total"));
        Assert.Equal(1, metrics.Sum("dragonfly_supernode_cdn_trigger_total"));
        Assert.Equal(0, metrics.Sum("dragonfly_supernode_cdn_trigger_failed_total"));
        Assert.Equal(0, metrics.Sum("dragonfly_supernode_cdn_cache_hit_total"));

        // Every piece a peer fetched from the supernode's copy, as its /peer/piece/suc reported it.
        var fromSupernode = result.Peers.SelectMany(p => p.Download.Pieces).Where(p => p.FromSupernode)
            .Sum(p => PieceRange.TryParse(p.Range, out var start, out var end) ? end - start + 1 : 0);
        output.WriteLine($"piece bytes from the supernode: {fromSupernode:N0}");
        Assert.True(fromSupernode > 0);
        Assert.Equal(fromSupernode, metrics.Sum("dragonfly_supernode_pieces_downloaded_size_bytes_total"));
        // The download port sent those pieces, each a 206; the last piece is shorter than its slot (at most one per peer).
        var piecesFromSupernode = result.Peers.Sum(p => p.Download.PiecesFromSupernode);
        Assert.True(metrics.Sum("supernode_download_port_answers_total", ("code", "206")) >= piecesFromSupernode);
        Assert.InRange(metrics.Sum("supernode_download_port_bytes_total"), fromSupernode - 5L * 4 * 1024 * 1024, fromSupernode);

        // One report per download: the supernode answers code 1, so dfget does not send it again.
        Assert.Equal(5, metrics.Sum("dragonfly_dfget_download_total", ("callsystem", callSystem), ("peer", "127.0.0.1")));
        Assert.Equal(5 * length, metrics.Sum("dragonfly_dfget_download_size_bytes_total", ("callsystem", callSystem)));
        Assert.Equal(5, metrics.Sum("dragonfly_dfget_download_duration_seconds_count", ("callsystem", callSystem)));
        Assert.Equal(0, metrics.Sum("dragonfly_dfget_download_failed_total"));
        Assert.True(metrics.Sum("dragonfly_supernode_schedule_duration_milliseconds_count", ("peer", "127.0.0.1")) >= 5);
        // Every piece report reached the task's entity once, and each peer pulled at least once.
        Assert.Equal(result.Peers.Sum(p => p.Download.Pieces.Count), metrics.Sum("supernode_task_calls_answered_total", ("call", "piece_report")));
        Assert.True(metrics.Sum("supernode_task_calls_answered_total", ("call", "pull")) >= 5);
        Assert.True(metrics.Sum("supernode_cluster_members", ("status", "Up")) == 1);
        Assert.True(metrics.Sum("supernode_cluster_entities", ("region", "task")) >= 1);
    }

    public static async Task<PrometheusText> ScrapeAsync(DownloadHarness h)
    {
        var answer = await new SupernodeClient(h.Supernode).GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        return PrometheusText.Parse(answer.Text);
    }
}
