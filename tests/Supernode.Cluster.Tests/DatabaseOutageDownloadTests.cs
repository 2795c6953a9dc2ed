using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// PostgreSQL goes away for 10 s while six clients download through the cluster: downloads are served from what the
/// tasks hold in memory, so none that started before fails, no call waits longer than 4 s, and no task is lost.
/// </summary>
public sealed class DatabaseOutageDownloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_outage_fails_no_download_that_started_before_and_loses_no_task()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/outage.bin", 60L * 1024 * 1024, seed: 31);
        await using var fleet = await h.FleetAsync(url, 6, (_, o) => o with { LocalLimit = 3 * 1024 * 1024 });
        var downloads = fleet.DownloadAllAsync();
        await Poll.UntilAsync(() => fleet.Peers.Sum(p => p.ReceivedPieces) >= 12, TimeSpan.FromSeconds(60), "12 pieces received");

        await h.Postgres.StopAsync();
        h.Log($"database stopped with {fleet.Peers.Sum(p => p.ReceivedPieces)} pieces received");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await h.Postgres.StartAgainAsync();
        h.Log($"database back with {fleet.Peers.Sum(p => p.ReceivedPieces)} pieces received");
        var result = await downloads;

        h.Report(result, md5);
        Assert.Equal(6, result.Succeeded);
        var task = await h.TaskAsync(ExpectedTaskId.Of(url));
        Assert.Equal("SUCCESS", task.GetProperty("cdnStatus").GetString());
        var map = (await new SupernodeClient(h.Balancer.Url, "").GetAsync($"/api/v1/cluster/tasks/{ExpectedTaskId.Of(url)}/pieces")).Json;
        Assert.Equal(6, map.GetProperty("clients").GetArrayLength());
    }
}
