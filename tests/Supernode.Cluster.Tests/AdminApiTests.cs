using System.Net;
using System.Text.Json;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// The cluster admin API on three replicas. Every replica lists the same three members, the
/// shard statistics of every replica agree and add up to the cluster's tasks, tasks are listed wherever they live,
/// and a member told to leave hands its shards over and goes, the task answers staying the same.
/// </summary>
public sealed class AdminApiTests(ITestOutputHelper output)
{
    private const int Tasks = 12;

    [Fact]
    public async Task Members_shards_tasks_and_the_leave_of_one_member()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var balancer = new SupernodeClient(h.Balancer.Url, "");
        var replicas = h.Replicas.Select(r => new SupernodeClient(r)).ToArray();

        var views = await Task.WhenAll(replicas.Select(r => JsonAsync(r, "/api/v1/cluster/members")));
        var addresses = views[0].EnumerateArray().Select(m => m.GetProperty("address").GetString()).Order().ToList();
        Assert.Equal(ClusterHarness.Size, addresses.Count);
        foreach (var view in views)
        {
            Assert.Equal(addresses, view.EnumerateArray().Select(m => m.GetProperty("address").GetString()).Order());
            Assert.All(view.EnumerateArray(), m => Assert.Equal("Up", m.GetProperty("status").GetString()));
            Assert.Single(view.EnumerateArray(), m => m.GetProperty("self").GetBoolean());
            Assert.Single(view.EnumerateArray(), m => m.GetProperty("leader").GetBoolean());
        }

        // Tasks registered through the load balancer land on the replicas by shard.
        var taskIds = new List<string>();
        for (var i = 0; i < Tasks; i++)
        {
            var path = $"/admin/{i}.bin";
            h.Origin.Serve(path, SeededContent.Bytes(1000 + i, seed: i));
            var url = h.Origin.Url(path);
            Assert.Equal(HttpStatusCode.OK, (await balancer.RegisterAsync(DfgetRegistration.For(url))).Status);
            taskIds.Add(ExpectedTaskId.Of(url));
        }
        foreach (var id in taskIds) await balancer.WaitForCdnAsync(id, TimeSpan.FromSeconds(60));

        var shards = await AgreeingShardViewsAsync(replicas);
        var perReplica = shards[0].GetProperty("replicas");
        Assert.Equal(addresses, perReplica.EnumerateArray().Select(r => r.GetProperty("address").GetString()));
        Assert.Equal(Tasks, perReplica.EnumerateArray().Sum(r => r.GetProperty("task").GetProperty("entities").GetInt32()));
        foreach (var (replica, i) in shards.Select((s, i) => (s, i)))
        {
            // Every replica reports the same cluster-wide statistics, and its own part of them is what it hosts.
            Assert.Equal(perReplica.ToString(), replica.GetProperty("replicas").ToString());
            var self = views[i].EnumerateArray().Single(m => m.GetProperty("self").GetBoolean()).GetProperty("address").GetString();
            var own = perReplica.EnumerateArray().Single(r => r.GetProperty("address").GetString() == self).GetProperty("task");
            Assert.Equal(own.GetProperty("shards").GetInt32(), replica.GetProperty("task").GetProperty("shards").GetInt32());
            Assert.Equal(own.GetProperty("entities").GetInt32(), replica.GetProperty("task").GetProperty("entities").GetInt32());
            Assert.Equal(own.GetProperty("shards").GetInt32(), replica.GetProperty("task").GetProperty("shardIds").GetArrayLength());
        }
        output.WriteLine("task entities per replica: " + string.Join(", ", perReplica.EnumerateArray().Select(r =>
            $"{r.GetProperty("address").GetString()} {r.GetProperty("task").GetProperty("shards").GetInt32()} shards / {r.GetProperty("task").GetProperty("entities").GetInt32()} entities")));

        var pages = new List<string>();
        for (var page = 0; page < 3; page++)
            pages.AddRange((await JsonAsync(balancer, $"/api/v1/cluster/tasks?pageSize=5&pageNum={page}")).EnumerateArray().Select(t => t.GetProperty("ID").GetString()!));
        Assert.Equal(taskIds.Order(), pages.Order());
        Assert.Equal(Tasks, (await JsonAsync(balancer, "/api/v1/cluster/tasks?cdnStatus=SUCCESS")).GetArrayLength());

        // The third replica (not a seed) is told to leave through the first one.
        var leaving = h.Replicas[2];
        var leavingAddress = views[2].EnumerateArray().Single(m => m.GetProperty("self").GetBoolean()).GetProperty("address").GetString()!;
        var left = await replicas[0].SendAsync(HttpMethod.Post, $"/api/v1/cluster/members/{Uri.EscapeDataString(leavingAddress)}/leave");
        Assert.Equal(HttpStatusCode.Accepted, left.Status);
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (leaving.IsRunning) await Task.Delay(100, exit.Token);
        await h.WaitForMembersAsync(ClusterHarness.Size - 1, TimeSpan.FromSeconds(30));

        // Exiting, then removed once the remaining members have seen it go.
        using (var removed = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while ((await JsonAsync(replicas[0], "/api/v1/cluster/members")).EnumerateArray().Any(m => m.GetProperty("address").GetString() == leavingAddress))
                await Task.Delay(200, removed.Token);
        foreach (var id in taskIds)
            Assert.Equal("SUCCESS", (await JsonAsync(replicas[1], $"/api/v1/tasks/{id}")).GetProperty("cdnStatus").GetString());
        // The replicas left place the shards it handed off (ShardPlacer): the entities asked for that live a moment.
        using var placed = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var remaining = (await JsonAsync(replicas[0], "/api/v1/cluster/shards")).GetProperty("replicas");
            Assert.Equal(ClusterHarness.Size - 1, remaining.GetArrayLength());
            if (remaining.EnumerateArray().Sum(r => r.GetProperty("task").GetProperty("entities").GetInt32()) == Tasks) break;
            await Task.Delay(200, placed.Token);
        }
    }

    /// <summary>
    /// Every replica's <c>/api/v1/cluster/shards</c>, read until their cluster-wide parts agree: the peer records of the
    /// registrations are written behind their answers, and a replica read a moment before another may not count one yet.
    /// </summary>
    private static async Task<JsonElement[]> AgreeingShardViewsAsync(SupernodeClient[] replicas)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var views = await Task.WhenAll(replicas.Select(r => JsonAsync(r, "/api/v1/cluster/shards")));
            if (views.Select(v => v.GetProperty("replicas").ToString()).Distinct().Count() == 1 || DateTime.UtcNow > deadline) return views;
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> JsonAsync(SupernodeClient client, string path)
    {
        var answer = await client.GetAsync(path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{path}: {answer}");
        return answer.Json;
    }
}
