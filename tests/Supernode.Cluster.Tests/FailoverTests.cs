using System.Diagnostics;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>Replicas die, leave and restart while peers download: every download still finishes with correct bytes.</summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const long Length = 60L * 1024 * 1024;
    private const string Path = "/failover.bin";

    [Fact]
    public async Task Killing_the_replica_that_runs_the_task_and_holds_its_copy_fails_no_download()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile(Path, Length, seed: 11);
        await using var fleet = await Throttled(h, url);
        var clock = Stopwatch.StartNew();
        var downloads = fleet.DownloadAllAsync();

        var task = await WaitForPiecesAsync(h, fleet, url, 6);
        var victim = h.ReplicaAt(task.GetProperty("entityNode").GetString()!);
        h.Log($"kill -9 of replica {victim.ApiPort} (task and copy) at {clock.Elapsed.TotalSeconds:0.0} s; copy on {task.GetProperty("cdnNode").GetString()}");
        await victim.KillAsync();
        var result = await downloads;

        h.Report(result, md5);
        var origin = h.Origin.Stats(Path);
        h.Log($"origin: {origin.Requests.Count(r => r.Range != "bytes=0-0")} body fetches, {origin.BodyBytes:N0} bytes; all done at {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(result.Peers.Count, result.Succeeded);
        Assert.InRange(origin.Requests.Count(r => r.Range != "bytes=0-0"), 1, 2);
    }

    [Fact]
    public async Task Killing_the_replica_that_holds_the_copy_but_not_the_task_fails_no_download()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile(Path, Length, seed: 15);
        var taskId = ExpectedTaskId.Of(url);
        var client = new SupernodeClient(h.Balancer.Url, "");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.RegisterAsync(DfgetRegistration.For(url))).Status);
        var copied = await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60));
        var holder = h.ReplicaAt(copied.GetProperty("cdnNode").GetString()!);

        // Move the task away from the copy: the holder leaves, the task is read (and so started) on another
        // replica while it is away, then the holder comes back with its disk copy and its address.
        await holder.StopAsync(TimeSpan.FromSeconds(30));
        var moved = await h.TaskAsync(taskId);
        await holder.StartAsync(TimeSpan.FromSeconds(90));
        await h.WaitForMembersAsync(ClusterHarness.Size, TimeSpan.FromSeconds(60));
        Assert.NotEqual(copied.GetProperty("cdnNode").GetString(), moved.GetProperty("entityNode").GetString());
        h.Origin.ResetStats();

        await using var fleet = await Throttled(h, url);
        var clock = Stopwatch.StartNew();
        var downloads = fleet.DownloadAllAsync();
        var task = await WaitForPiecesAsync(h, fleet, url, 6);
        Assert.Equal(copied.GetProperty("cdnNode").GetString(), task.GetProperty("cdnNode").GetString());
        h.Log($"kill -9 of replica {holder.ApiPort} (copy only; task on {task.GetProperty("entityNode").GetString()}) at {clock.Elapsed.TotalSeconds:0.0} s");
        await holder.KillAsync();
        var result = await downloads;

        h.Report(result, md5);
        var origin = h.Origin.Stats(Path);
        h.Log($"origin since the downloads began: {origin.Requests.Count(r => r.Range != "bytes=0-0")} body fetches, {origin.BodyBytes:N0} bytes; all done at {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(result.Peers.Count, result.Succeeded);
        Assert.InRange(origin.Requests.Count(r => r.Status == 200), 0, 1);
    }

    [Fact]
    public async Task A_replica_stopped_with_SIGTERM_leaves_within_15_s_and_fails_no_download()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile(Path, Length, seed: 12);
        await using var fleet = await Throttled(h, url);
        var downloads = fleet.DownloadAllAsync();

        var task = await WaitForPiecesAsync(h, fleet, url, 6);
        var leaving = h.ReplicaAt(task.GetProperty("entityNode").GetString()!);
        var took = await leaving.StopAsync(TimeSpan.FromSeconds(30));
        h.Log($"replica {leaving.ApiPort} left in {took.TotalSeconds:0.0} s (exit code {leaving.ExitCode})");
        var result = await downloads;

        h.Report(result, md5);
        Assert.Equal(result.Peers.Count, result.Succeeded);
        Assert.True(took < TimeSpan.FromSeconds(15), $"leaving took {took}");
        Assert.Equal(0, leaving.ExitCode);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_replica_fails_no_download()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile(Path, Length, seed: 13);
        await using var fleet = await Throttled(h, url, bytesPerSecond: 2 * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        var downloads = fleet.DownloadAllAsync();
        await WaitForPiecesAsync(h, fleet, url, 3);

        foreach (var replica in h.Replicas)
        {
            var stopped = await replica.StopAsync(TimeSpan.FromSeconds(30));
            await replica.StartAsync(TimeSpan.FromSeconds(90));
            await h.WaitForMembersAsync(ClusterHarness.Size, TimeSpan.FromSeconds(60));
            h.Log($"replica {replica.ApiPort} restarted at {clock.Elapsed.TotalSeconds:0.0} s (left in {stopped.TotalSeconds:0.0} s)");
        }
        var result = await downloads;

        h.Report(result, md5);
        Assert.Equal(result.Peers.Count, result.Succeeded);
    }

    [Fact]
    public async Task After_every_replica_restarts_tasks_and_peers_are_known_and_the_copy_is_reused()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile(Path, 20L * 1024 * 1024, seed: 14);
        string[] peerIds;
        await using (var fleet = await h.FleetAsync(url, 3))
        {
            var first = await fleet.DownloadAllAsync();
            h.Report(first, md5);
            Assert.Equal(3, first.Succeeded);
            peerIds = [.. fleet.Peers.Select(p => Actors.Peers.PeerId.Of(System.Net.Dns.GetHostName(), "127.0.0.1", p.Port))];
        }
        var taskId = ExpectedTaskId.Of(url);

        await Task.WhenAll(h.Replicas.Select(r => r.StopAsync(TimeSpan.FromSeconds(30))));
        h.Origin.ResetStats();
        await Task.WhenAll(h.Replicas.Select(r => r.StartAsync(TimeSpan.FromSeconds(90))));
        await h.WaitForMembersAsync(ClusterHarness.Size, TimeSpan.FromSeconds(60));

        var task = await h.TaskAsync(taskId);
        Assert.Equal("SUCCESS", task.GetProperty("cdnStatus").GetString());
        var anyReplica = new SupernodeClient(h.Balancer.Url, "");
        foreach (var peerId in peerIds)
        {
            var peer = await anyReplica.GetAsync($"/api/v1/peers/{peerId}");
            Assert.Equal(System.Net.HttpStatusCode.OK, peer.Status);
            Assert.True(peer.Json.GetProperty("tasks").TryGetProperty(taskId, out _), peer.Text);
        }
        await using var again = await h.FleetAsync(url, 2, (i, o) => o with { Seed = 50 + i });
        var second = await again.DownloadAllAsync();
        h.Report(second, md5);
        Assert.Equal(2, second.Succeeded);
        h.Log($"origin after the restart: {string.Join(", ", h.Origin.Stats(Path).Requests)}");
        Assert.Equal(0, h.Origin.Stats(Path).BodyBytes - h.Origin.Stats(Path).Requests.Count(r => r.Range == "bytes=0-0"));
    }

    private static Task<PeerFleet> Throttled(ClusterHarness h, string url, long bytesPerSecond = 4 * 1024 * 1024) =>
        h.FleetAsync(url, 6, (_, o) => o with { LocalLimit = bytesPerSecond });

    /// <summary>Waits until the fleet received <paramref name="pieces"/> pieces in all; returns the task as the cluster sees it.</summary>
    private static async Task<System.Text.Json.JsonElement> WaitForPiecesAsync(ClusterHarness h, PeerFleet fleet, string url, int pieces)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (fleet.Peers.Sum(p => p.ReceivedPieces) < pieces)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {pieces} pieces received in 90 s");
            await Task.Delay(50);
        }
        return await h.TaskAsync(ExpectedTaskId.Of(url));
    }
}
