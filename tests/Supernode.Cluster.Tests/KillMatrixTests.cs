using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// A replica dies (kill -9) under six clients of one 100 MB task, each client a process of its own that lists the
/// load balancer as its one supernode, on a freshly started cluster: the replica running the task (which made its
/// copy), the replica holding only the copy, or a bystander; while the clients register or mid-download. No
/// download fails, no call takes longer than 4.5 s, the slowest download is at most 20 s slower than without a kill,
/// and a task whose replica was killed answers again from another within 10 s.
/// </summary>
public sealed class KillMatrixTests(ITestOutputHelper output)
{
    private const long Length = 100L * 1024 * 1024;
    private const int Clients = 6;

    /// <summary>Each client's rate: the download lasts about 20 s, long enough to be hit in the middle.</summary>
    private const long BytesPerSecond = 5 * 1024 * 1024;

    private static readonly TimeSpan KillBudget = TimeSpan.FromSeconds(4.5);

    /// <summary>From the kill of the replica running the task to the task's first answer from another.</summary>
    private static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(10);

    /// <summary>What a download takes without a kill: the file at the clients' rate, plus start and finish.</summary>
    private static readonly TimeSpan NoKill = TimeSpan.FromSeconds(Length / BytesPerSecond + 6);

    public enum Victim
    {
        /// <summary>No kill: the time every other case is held to.</summary>
        None,
        /// <summary>The replica running the task entity; on a fresh cluster it also made the copy.</summary>
        TaskAndCopy,
        /// <summary>The replica holding the copy, the task running on another.</summary>
        CopyOnly,
        /// <summary>The replica running the task, the copy held by another.</summary>
        TaskOnly,
        /// <summary>A replica with neither.</summary>
        Bystander,
    }

    [Theory]
    [InlineData(Victim.None, false)]
    [InlineData(Victim.TaskAndCopy, true)]
    [InlineData(Victim.TaskAndCopy, false)]
    [InlineData(Victim.CopyOnly, false)]
    [InlineData(Victim.TaskOnly, false)]
    [InlineData(Victim.Bystander, true)]
    [InlineData(Victim.Bystander, false)]
    public async Task A_killed_replica_fails_no_download_and_delays_none_by_more_than_20_s(Victim victim, bool early)
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/kill.bin", Length, seed: 21);
        var taskId = ExpectedTaskId.Of(url);
        if (victim is Victim.CopyOnly or Victim.TaskOnly) await PutCopyAwayFromTaskAsync(h, url, taskId);

        var clock = Stopwatch.StartNew();
        string[] Limit(int _) => ["--locallimit", BytesPerSecond.ToString(CultureInfo.InvariantCulture)];
        // Early: half the clients start, the kill follows the task's creation, and the other half register meanwhile.
        await using var first = h.Processes(url, early ? Clients / 2 : Clients, Limit);
        PeerProcesses? second = null;
        Task<TimeSpan>? failover = null;
        if (victim != Victim.None)
        {
            if (early) await WaitForTaskAsync(h, taskId, first);
            else await first.WaitForPiecesAsync(Clients * 4, TimeSpan.FromSeconds(90));
            var task = await h.TaskAsync(taskId);
            var killed = Choose(h, task, victim);
            h.Log($"kill -9 of replica {killed.ApiPort} ({victim}{(early ? ", while registering" : ", mid-download")}) at {clock.Elapsed.TotalSeconds:0.0} s; " +
                  $"task on {task.GetProperty("entityNode")}, copy on {task.GetProperty("cdnNode")}, {first.ReceivedPieces} pieces received");
            await killed.KillAsync();
            if (early) second = h.Processes(url, Clients - Clients / 2, Limit);
            if (victim is Victim.TaskAndCopy or Victim.TaskOnly)
                failover = TaskAnswersAgainAsync(h, taskId, task.GetProperty("entityNode").GetString()!);
        }
        // The task's piece map every 2 s, shown when the test fails: who waited on what.
        using var sampling = new CancellationTokenSource();
        var samples = SamplePieceMapAsync(h, taskId, clock, sampling.Token);
        var result = await first.WaitAsync(TimeSpan.FromMinutes(4));
        if (second is not null)
        {
            await using (second) result = result.With(await second.WaitAsync(TimeSpan.FromMinutes(4)));
        }
        await sampling.CancelAsync();
        var maps = await samples;

        h.Report(result, md5, KillBudget);
        var slowest = result.Peers.Max(p => p.Download.Duration);
        var origin = h.Origin.Stats("/kill.bin");
        h.Log($"slowest download {slowest.TotalSeconds:0.0} s (no-kill bound {NoKill.TotalSeconds:0} s); origin sent {origin.BodyBytes:N0} bytes in " +
              $"{origin.Requests.Count(r => r.Range != "bytes=0-0")} bodies; registrations answered from an announcement: " +
              h.Replicas.Sum(r => r.Output.Split('\n').Count(l => l.Contains("answered from its announcement", StringComparison.Ordinal))));
        var window = failover is null ? TimeSpan.Zero : await failover;
        if (failover is not null) h.Log($"the task answered again from another replica {window.TotalSeconds:0.0} s after the kill");
        var withinBound = slowest <= NoKill + TimeSpan.FromSeconds(victim == Victim.None ? 0 : 20);
        if (result.Succeeded != Clients || !withinBound)
        {
            foreach (var p in result.Peers.Where(p => p.Download.FailedPieces.Count > 0))
                h.Log($"client {p.Index} failed pieces: " + string.Join("; ", p.Download.FailedPieces.Select(f => $"{f.PieceNum} from {f.SourceCid}: {f.Reason}")));
            foreach (var map in maps) h.Log(map);
        }
        Assert.Equal(Clients, result.Succeeded);
        Assert.True(withinBound, $"the slowest download took {slowest}");
        Assert.True(window <= FailoverWindow, $"the task answered again {window} after the kill");
    }

    private static async Task<List<string>> SamplePieceMapAsync(ClusterHarness h, string taskId, Stopwatch clock, CancellationToken stop)
    {
        var maps = new List<string>();
        var client = new SupernodeClient(h.Balancer.Url, "");
        while (true)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
                maps.Add($"piece map at {clock.Elapsed.TotalSeconds:0.0} s: {(await client.GetAsync($"/api/v1/cluster/tasks/{taskId}/pieces", stop)).Text}");
            }
            catch (OperationCanceledException)
            {
                return maps;
            }
        }
    }

    /// <summary>From the kill to the first answer of the task from a replica other than the killed one.</summary>
    private static async Task<TimeSpan> TaskAnswersAgainAsync(ClusterHarness h, string taskId, string killedNode)
    {
        var clock = Stopwatch.StartNew();
        var client = new SupernodeClient(h.Balancer.Url, "");
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var answer = await client.GetTaskAsync(taskId, deadline.Token);
                if (answer.Status == System.Net.HttpStatusCode.OK && answer.Json.GetProperty("entityNode").GetString() != killedNode) return clock.Elapsed;
            }
            catch (OperationCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return clock.Elapsed;
    }

    /// <summary>
    /// Until the first clients' registrations made the task; failing (or all of them ended first), with what the
    /// replicas and, last so that the end of a long message shows it, the clients printed.
    /// </summary>
    private static async Task WaitForTaskAsync(ClusterHarness h, string taskId, PeerProcesses clients)
    {
        try
        {
            await Poll.UntilAsync(async () => clients.AllEnded || await TaskKnownAsync(h, taskId), TimeSpan.FromSeconds(30), "the task registered");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{h.ReplicaLogs()}\n{clients.Output}", e);
        }
        if (clients.AllEnded && !await TaskKnownAsync(h, taskId))
            throw new InvalidOperationException($"every client ended before the task registered\n{h.ReplicaLogs()}\n{clients.Output}");
    }

    private static async Task<bool> TaskKnownAsync(ClusterHarness h, string taskId)
    {
        var answer = await new SupernodeClient(h.Balancer.Url, "").GetTaskAsync(taskId);
        return answer.Status == System.Net.HttpStatusCode.OK && answer.Json.TryGetProperty("entityNode", out _);
    }

    private static SupernodeProcess Choose(ClusterHarness h, JsonElement task, Victim victim)
    {
        var entity = h.ReplicaAt(task.GetProperty("entityNode").GetString()!);
        var copy = task.GetProperty("cdnNode").GetString() is { } cdnNode ? h.ReplicaAt(cdnNode) : entity;
        return victim switch
        {
            Victim.TaskAndCopy => entity,
            Victim.CopyOnly => copy,
            Victim.TaskOnly => entity,
            _ => h.Replicas.First(r => r != entity && r != copy),
        };
    }

    /// <summary>
    /// The copy is made where the task runs. To part them: make the copy, stop its replica, have the task read (and
    /// so started) on another while it is away, start it again; the task keeps its copy there.
    /// </summary>
    private async Task PutCopyAwayFromTaskAsync(ClusterHarness h, string url, string taskId)
    {
        var client = new SupernodeClient(h.Balancer.Url, "");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.RegisterAsync(DfgetRegistration.For(url))).Status);
        var copied = await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60));
        var holder = h.ReplicaAt(copied.GetProperty("cdnNode").GetString()!);
        await holder.StopAsync(TimeSpan.FromSeconds(30));
        var moved = await h.TaskAsync(taskId);
        await holder.StartAsync(TimeSpan.FromSeconds(90));
        await h.WaitForMembersAsync(ClusterHarness.Size, TimeSpan.FromSeconds(60));
        Assert.NotEqual(copied.GetProperty("cdnNode").GetString(), moved.GetProperty("entityNode").GetString());
        output.WriteLine($"copy on {copied.GetProperty("cdnNode")}, task moved to {moved.GetProperty("entityNode")}");
        h.Origin.ResetStats();
    }
}
