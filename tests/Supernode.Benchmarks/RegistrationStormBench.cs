using System.Net;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// Registration storms (<see cref="RegistrationStorm"/>) against freshly started supernodes: a single node on its
/// embedded default, and three replicas on PostgreSQL behind nginx reached through nginx. Each row is one storm;
/// CPU is what the supernode processes and the generator used during it; the generator warms up first, so that its
/// first storm does not compile its own code on the supernode's cores.
/// </summary>
public static class RegistrationStormBench
{
    public sealed record Row(string Setup, string Storm, RegistrationStorm.Result Result, double SupernodeCpuMs, double GeneratorCpuMs);

    /// <summary>
    /// <paramref name="rounds"/> fresh nodes, each hit by <paramref name="clients"/> registrations of one new task the
    /// moment it is ready, then by as many again of the same task (the node now warm).
    /// </summary>
    public static async Task<IReadOnlyList<Row>> SingleNodeAsync(int clients, int rounds)
    {
        var rows = new List<Row>();
        await RegistrationStorm.WarmUpAsync();
        for (var round = 1; round <= rounds; round++)
        {
            await using var sn = await BenchSupernode.StartAsync();
            var url = sn.ServeFile("/storm.bin", 64L * 1024 * 1024, seed: round);
            var api = new IPEndPoint(IPAddress.Loopback, sn.Process.ApiPort);
            rows.Add(await MeasureAsync($"single node, round {round}", $"{clients:N0} × 1 new task, fresh", [sn.Process.ProcessId],
                () => RegistrationStorm.RunAsync(api, [url], clients)));
            rows.Add(await MeasureAsync($"single node, round {round}", $"{clients:N0} more × the same task", [sn.Process.ProcessId],
                () => RegistrationStorm.RunAsync(api, [url], clients, firstClient: clients)));
        }
        return rows;
    }

    /// <summary>
    /// A fresh three-replica cluster, reached through nginx: <paramref name="clients"/> registrations of one new task the
    /// moment it is ready, then <paramref name="tasks"/> new tasks of <paramref name="perTask"/> clients each at once.
    /// </summary>
    public static async Task<IReadOnlyList<Row>> ClusterAsync(int clients, int tasks, int perTask)
    {
        await RegistrationStorm.WarmUpAsync();
        await using var cluster = await SupernodeCluster.StartAsync();
        var (url, _) = cluster.ServeFile("/storm.bin", 64L * 1024 * 1024, seed: 7);
        var many = Enumerable.Range(0, tasks).Select(i => cluster.ServeFile($"/many-{i}.bin", 1024 * 1024, seed: 100 + i).Url).ToArray();
        var pids = cluster.Replicas.Select(r => r.ProcessId).ToArray();
        const string setup = "3 replicas + PostgreSQL, through nginx";
        return
        [
            await MeasureAsync(setup, $"{clients:N0} × 1 new task, fresh", pids, () => RegistrationStorm.RunAsync(cluster.BalancerEndPoint, [url], clients)),
            await MeasureAsync(setup, $"{tasks} new tasks × {perTask}", pids,
                () => RegistrationStorm.RunAsync(cluster.BalancerEndPoint, many, perTask, firstClient: clients)),
        ];
    }

    private static async Task<Row> MeasureAsync(string setup, string storm, IReadOnlyList<int> pids, Func<Task<RegistrationStorm.Result>> run)
    {
        var meters = pids.Select(pid => new ProcessMeter(pid)).ToArray();
        var self = ProcessMeter.Self();
        var result = await run();
        var row = new Row(setup, storm, result, meters.Sum(m => m.Seconds) * 1000, self.Seconds * 1000);
        Console.WriteLine($"registration storm, {setup}, {storm}: {result}; cpu supernode {row.SupernodeCpuMs:N0} ms, generator {row.GeneratorCpuMs:N0} ms");
        // The peer records follow the answers: let them settle so the next storm is measured on its own.
        await Task.Delay(TimeSpan.FromSeconds(3));
        return row;
    }
}
