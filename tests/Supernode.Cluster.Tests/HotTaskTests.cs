using System.Text.RegularExpressions;
using Supernode.Actors.Scheduling;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// A hot task on the three-replica cluster, made hot early (<c>--clients-per-group 4</c>): its clients are scheduled by
/// groups on every replica, the groups stay one P2P network, the origin is fetched once, and a replica running a group
/// can die without failing a download.
/// </summary>
public sealed class HotTaskTests(ITestOutputHelper output)
{
    private const string Path = "/hot.bin";
    /// <summary>A group with none of them (their cids are hashed) has a chance of 3 × (2/3)^18, 0.2 %.</summary>
    private const int Clients = 18;

    private static readonly string[] HotEarly = ["--clients-per-group", "4"];

    [Fact]
    public async Task A_hot_tasks_clients_are_scheduled_on_every_replica_and_its_groups_exchange_pieces()
    {
        await using var h = await ClusterHarness.StartAsync(output, HotEarly);
        const long length = 40L * 1024 * 1024;
        var (url, md5) = h.ServeFile(Path, length, seed: 31);
        await using var fleet = await h.FleetAsync(url, Clients, (_, o) => o with { LocalLimit = 8 * 1024 * 1024 });
        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(Clients, result.Succeeded);
        var task = await h.TaskAsync(ExpectedTaskId.Of(url));
        // One group per replica, or one per 4 clients when more had registered by the time the task split.
        var groups = task.GetProperty("groups").GetInt32();
        Assert.InRange(groups, ClusterHarness.Size, (Clients + 3) / 4);
        var metrics = await Task.WhenAll(h.Replicas.Select(async r => PrometheusText.Parse((await new SupernodeClient(r).GetAsync("/metrics")).Text)));
        var calls = metrics.Select(m => m.Sum("supernode_task_calls_answered_total")).ToArray();
        var fromSiblings = metrics.Sum(m => m.Sum("supernode_task_sibling_pieces_total"));
        h.Log($"calls answered per replica: {string.Join(" / ", calls)}; pieces from another group's holders: {fromSiblings}");
        Assert.All(h.Replicas, r => Assert.Contains($" of {groups} scheduled here, with ", r.Output));
        // Every replica running a group that has clients answered calls. With more groups than replicas, a replica may run
        // only one group, and a group has none of the 18 cids with a chance of (1 − 1/groups)^18 (1.8 % for 5): a clean run
        // had calls 281 / 105 / 0 while every download succeeded and groups exchanged 58 pieces.
        var withClients = result.Peers.Select(p => ClientGroup.Of(p.Download.Cid, groups)).ToHashSet();
        for (var i = 0; i < h.Replicas.Length; i++)
        {
            var hosted = Regex.Matches(h.Replicas[i].Output, $@"group (\d+) of {groups} scheduled here").Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
            h.Log($"replica {i} runs groups {string.Join(", ", hosted)}");
            if (hosted.Overlaps(withClients)) Assert.True(calls[i] > 0, $"replica {i}, running groups with clients, answered none of {calls.Sum()} calls");
        }
        Assert.True(fromSiblings > 0, "no client was sent to a holder of another group");
        Assert.Equal(length, h.Origin.Stats(Path).BodyBytes - h.Origin.Stats(Path).Requests.Count(r => r.Range == "bytes=0-0"));
    }

    [Fact]
    public async Task A_replica_running_a_group_of_a_hot_task_killed_fails_no_download()
    {
        await using var h = await ClusterHarness.StartAsync(output, HotEarly);
        var (url, md5) = h.ServeFile(Path, 40L * 1024 * 1024, seed: 32);
        await using var fleet = await h.FleetAsync(url, Clients, (_, o) => o with { LocalLimit = 2 * 1024 * 1024 });
        var downloads = fleet.DownloadAllAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (fleet.Peers.Sum(p => p.ReceivedPieces) < 2 * Clients)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the fleet did not get going in 90 s");
            await Task.Delay(50);
        }
        var task = await h.TaskAsync(ExpectedTaskId.Of(url));
        // One group per replica, or one per 4 clients when more had registered by the time the task split.
        var groups = task.GetProperty("groups").GetInt32();
        Assert.InRange(groups, ClusterHarness.Size, (Clients + 3) / 4);
        var entityReplica = h.ReplicaAt(task.GetProperty("entityNode").GetString()!);
        // A replica that runs a group and not the task itself: the group's clients lose their scheduler alone.
        var victim = h.Replicas.First(r => r != entityReplica && r.Output.Contains(" scheduled here, with ", StringComparison.Ordinal));
        await victim.KillAsync();
        h.Log($"killed replica {victim.ApiPort} (it ran a group; the task runs on {entityReplica.ApiPort}) after {fleet.Peers.Sum(p => p.ReceivedPieces)} pieces");
        var result = await downloads;

        h.Report(result, md5);
        Assert.Equal(Clients, result.Succeeded);
        Assert.Equal(40L * 1024 * 1024, h.Origin.Stats(Path).BodyBytes - h.Origin.Stats(Path).Requests.Count(r => r.Range == "bytes=0-0"));
    }
}
