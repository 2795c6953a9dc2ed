using System.Diagnostics;
using Supernode.PeerSimulator.Wire;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// Item 1: K simulated dfget clients of one task of many pieces drive the scheduling calls as dfget does, without
/// moving piece bytes: <c>/peer/task</c> pulls (with the result of the last piece) and a <c>/peer/piece/suc</c> for
/// every piece handed out; a 602 waits 50–100 ms as dfget's first back-off; a finished client registers again under
/// a new cid, so the task keeps K clients. Bounded by time.
/// </summary>
public static class ControlPlaneBench
{
    /// <param name="ReplicaCores">Cores each replica used on average (one entry for a single node).</param>
    /// <param name="ReplicaShares">Per replica, its share of the pulls and reports the task entities answered (its /metrics).</param>
    public sealed record Result(int Clients, long Calls, double Seconds, double P50Ms, double P99Ms, double SupernodeCores,
        double GeneratorCores, double RssMiB, long Waits, IReadOnlyList<double> ReplicaCores, IReadOnlyList<double> ReplicaShares)
    {
        public double CallsPerSecond => Calls / Seconds;

        /// <summary>Supernode CPU per call, all replicas together: what one call costs the cluster.</summary>
        public double SupernodeMicrosPerCall => SupernodeCores * 1e6 / CallsPerSecond;
    }

    public static Task<Result> RunAsync(BenchSupernode sn, string url, string taskId, int clients, TimeSpan duration) =>
        RunAsync(sn.Process.ApiUrl, [sn.Process], url, taskId, clients, duration);

    /// <param name="apiUrl">Where the clients send their calls: a supernode, or the load balancer of a cluster.</param>
    /// <param name="replicas">The supernode processes measured.</param>
    public static async Task<Result> RunAsync(string apiUrl, IReadOnlyList<SupernodeProcess> replicas, string url, string taskId, int clients,
        TimeSpan duration)
    {
        var node = SupernodeNode.Parse(apiUrl);
        var latencies = new Latencies();
        long calls = 0, waits = 0, generation = 0;
        // The K clients register first, a hundred at a time (registration storms are measured on their own).
        var cids = new string[clients];
        foreach (var batch in Enumerable.Range(0, clients).Chunk(100))
            await Task.WhenAll(batch.Select(async i => cids[i] = await RegisterAsync(node, url, i, Interlocked.Increment(ref generation))));
        var answeredBefore = await Task.WhenAll(replicas.Select(CallsAnsweredAsync));
        var meters = replicas.Select(r => new ProcessMeter(r.ProcessId)).ToArray();
        var self = ProcessMeter.Self();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);

        async Task<T> TimedAsync<T>(Func<Task<T>> call)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await call();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref calls);
            return result;
        }

        async Task ClientAsync(int i, string cid)
        {
            var random = new Random(i);
            var status = 700;
            var (dst, range) = ("", "");
            while (!stop.IsCancellationRequested)
            {
                var query = $"srcCid={cid}&dstCid={dst}&range={range}&result={(status == 700 ? 500 : 501)}&status={status}&taskId={taskId}";
                ResultInfo answer;
                try
                {
                    answer = await TimedAsync(() => SupernodeApi.PullPieceTaskAsync(node, query, CancellationToken.None));
                }
                catch (SupernodeApiException)
                {
                    continue; // counted by its latency; the next pull tries again, as dfget does
                }
                switch (answer.Code)
                {
                    case 601 when answer.Data.ValueKind == System.Text.Json.JsonValueKind.Array:
                        status = 701;
                        foreach (var piece in answer.Data.EnumerateArray())
                        {
                            (dst, range) = (piece.GetProperty("cid").GetString()!, piece.GetProperty("range").GetString()!);
                            await TimedAsync(() => SupernodeApi.ReportPieceAsync(node, taskId, cid, dst, range, CancellationToken.None));
                        }
                        break;
                    case 600:
                        try
                        {
                            cid = await TimedAsync(() => RegisterAsync(node, url, i, Interlocked.Increment(ref generation)));
                            (status, dst, range) = (700, "", "");
                        }
                        catch (SupernodeApiException)
                        {
                            // dfget would try another supernode; here the client pulls as the finished one again.
                        }
                        break;
                    default:
                        Interlocked.Increment(ref waits);
                        await Task.Delay(random.Next(50, 100), CancellationToken.None);
                        break;
                }
            }
        }

        await Task.WhenAll(cids.Select((cid, i) => Task.Run(() => ClientAsync(i, cid))));
        var seconds = clock.Elapsed.TotalSeconds;
        var cores = meters.Select(m => m.Cores).ToArray();
        var answered = (await Task.WhenAll(replicas.Select(CallsAnsweredAsync))).Select((after, i) => after - answeredBefore[i]).ToArray();
        return new Result(clients, calls, seconds, latencies.Percentile(50), latencies.Percentile(99), cores.Sum(), self.Cores,
            meters.Max(m => m.RssMiB), waits, cores, [.. answered.Select(a => a / Math.Max(1, answered.Sum()))]);
    }

    /// <summary>The hot task on three replicas scheduled by one entity (split off) and in groups (the default), in one run.</summary>
    public sealed record HotTask(Result OneEntity, Result Groups);

    /// <summary>
    /// One hot task of a <paramref name="fileLength"/>-byte file on a fresh three-replica cluster, driven through its load
    /// balancer: first with the task never split (today's design before groups), then as the cluster runs it.
    /// </summary>
    public static async Task<HotTask> HotTaskOnClusterAsync(long fileLength, int clients, TimeSpan duration) =>
        new(await HotTaskOnClusterAsync("3 replicas, one task entity", fileLength, clients, duration, "--clients-per-group", "1000000"),
            await HotTaskOnClusterAsync("3 replicas, task in groups", fileLength, clients, duration));

    private static async Task<Result> HotTaskOnClusterAsync(string setup, long fileLength, int clients, TimeSpan duration, params string[] replicaArgs)
    {
        await using var cluster = await SupernodeCluster.StartAsync(replicaArgs);
        var (url, _) = cluster.ServeFile("/control.bin", fileLength, seed: 1);
        var taskId = await CopyAsync(new SupernodeClient(cluster.Replicas[0]), url, TimeSpan.FromMinutes(5));
        var r = await RunAsync($"http://127.0.0.1:{cluster.Balancer.Port}", cluster.Replicas, url, taskId, clients, duration);
        Console.WriteLine(Describe(setup, r));
        return r;
    }

    /// <summary>Registers one client for <paramref name="url"/> and waits for the CDN copy; the task id.</summary>
    public static async Task<string> CopyAsync(SupernodeClient client, string url, TimeSpan within)
    {
        var answer = await client.RegisterAsync(DfgetRegistration.For(url, 999_999) with { Port = 64_999 });
        var taskId = answer.Json.GetProperty("data").GetProperty("taskId").GetString()!;
        // Looks every 20 ms: the ingest benchmark times this wait.
        await client.WaitForTaskAsync(taskId, t => t.GetProperty("cdnStatus").GetString() is "SUCCESS" or "FAILED", within, TimeSpan.FromMilliseconds(20));
        return taskId;
    }

    /// <summary>The pulls and piece reports the task and group entities of a replica answered so far.</summary>
    private static async Task<double> CallsAnsweredAsync(SupernodeProcess replica) =>
        PrometheusText.Parse((await new SupernodeClient(replica).GetAsync("/metrics")).Text).Sum("supernode_task_calls_answered_total");

    public static string Describe(string setup, Result r) =>
        $"control plane, {setup}, K={r.Clients:N0}: {r.CallsPerSecond:N0} calls/s, p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms, " +
        $"supernode {r.SupernodeCores:F2} cores ({string.Join(" + ", r.ReplicaCores.Select(c => c.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}), " +
        $"{r.SupernodeMicrosPerCall:F0} µs per call, generator {r.GeneratorCores:F2} cores, {r.Waits:N0} × 602, " +
        $"calls answered per replica {string.Join(" / ", r.ReplicaShares.Select(x => x.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}";

    private static async Task<string> RegisterAsync(SupernodeNode node, string url, int i, long generation)
    {
        var registration = DfgetRegistration.For(url, (int)generation) with { Port = 15_000 + i % 50_000, Cid = $"127.0.0.1-bench-{generation}" };
        var answer = await SupernodeApi.RegisterAsync(node, registration.ToString(), CancellationToken.None);
        return answer.Code == 200 ? registration.Cid : throw new InvalidOperationException($"registration answered {answer.Code} {answer.Msg}");
    }
}
