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
    public sealed record Result(int Clients, long Calls, double Seconds, double P50Ms, double P99Ms, double SupernodeCores,
        double GeneratorCores, double RssMiB, long Waits)
    {
        public double CallsPerSecond => Calls / Seconds;
    }

    public static async Task<Result> RunAsync(BenchSupernode sn, string url, string taskId, int clients, TimeSpan duration)
    {
        var node = SupernodeNode.Parse(sn.Process.ApiUrl);
        var latencies = new Latencies();
        long calls = 0, waits = 0, generation = 0;
        // The K clients register first, a hundred at a time (registration storms are measured on their own).
        var cids = new string[clients];
        foreach (var batch in Enumerable.Range(0, clients).Chunk(100))
            await Task.WhenAll(batch.Select(async i => cids[i] = await RegisterAsync(node, url, i, Interlocked.Increment(ref generation))));
        var supernode = new ProcessMeter(sn.Process.ProcessId);
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
        return new Result(clients, calls, seconds, latencies.Percentile(50), latencies.Percentile(99), supernode.Cores, self.Cores,
            supernode.RssMiB, waits);
    }

    private static async Task<string> RegisterAsync(SupernodeNode node, string url, int i, long generation)
    {
        var registration = DfgetRegistration.For(url, (int)generation) with { Port = 15_000 + i % 50_000, Cid = $"127.0.0.1-bench-{generation}" };
        var answer = await SupernodeApi.RegisterAsync(node, registration.ToString(), CancellationToken.None);
        return answer.Code == 200 ? registration.Cid : throw new InvalidOperationException($"registration answered {answer.Code} {answer.Msg}");
    }
}
