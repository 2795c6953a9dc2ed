using System.Diagnostics;
using System.Globalization;
using Supernode.Benchmarks;

// supernode-bench [--quick] [--docs DIR]: runs the registration storms and items 1-4 of the benchmark suite and writes
// DIR/benchmarks.md (benchmarks-quick.md with --quick) and its plots. ./bench.sh runs it, then the scale simulator.
// supernode-bench data|ingest [ROUNDS]: only the download port against nginx, or the CDN copy against curl.
// supernode-bench storms [single [ROUNDS] | cluster [K]]: only the registration storms, printed (a quick look while working
// on the registration path; K registrations of the one new task, 1,000 by default). Either runs the gateway build output unless SUPERNODE_GATEWAY_DLL names another (./bench.sh:
// the published one).
if (args is ["storms", "single", ..])
{
    await RegistrationStormBench.SingleNodeAsync(1000, rounds: args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return 0;
}
if (args is ["storms", "cluster", ..])
{
    await RegistrationStormBench.ClusterAsync(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000, tasks: 50, perTask: 20);
    return 0;
}
if (args is ["storms", ..])
{
    await RegistrationStormBench.SingleNodeAsync(1000, rounds: 2);
    await RegistrationStormBench.ClusterAsync(1000, tasks: 50, perTask: 20);
    return 0;
}
if (args is ["e2e", _, _, ..])
{
    // Two builds side by side: supernode-bench e2e BASE_DLL NEW_DLL [ROUNDS]
    await EndToEndAbBench.RunAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    return 0;
}
if (args is ["registration", ..])
{
    // A new task registered one at a time on a warm node: supernode-bench registration [COUNT]
    await using var warm = await BenchSupernode.StartAsync();
    Console.WriteLine(NewTaskRegistrationBench.Describe(
        await NewTaskRegistrationBench.RunAsync(warm, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200)));
    return 0;
}
if (args is ["service", ..])
{
    foreach (var (clients, pieceCount) in TaskServiceBench.Sizes) Console.WriteLine(TaskServiceBench.Describe(TaskServiceBench.Run(clients, pieceCount, 200_000)));
    return 0;
}
if (args is ["control", "cluster", _, ..])
{
    // One hot task through the load balancer of three replicas, one entity then in groups: supernode-bench control cluster K [SECONDS]
    await ControlPlaneBench.HotTaskOnClusterAsync(BenchPlan.Full.ControlPlaneFile, int.Parse(args[2], CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15));
    return 0;
}
if (args is ["control", _, ..])
{
    // One K on a single node while working on the pull path: supernode-bench control K [SECONDS]
    await using var one = await BenchSupernode.StartAsync();
    var fileUrl = one.ServeFile("/control.bin", BenchPlan.Full.ControlPlaneFile, seed: 1);
    var id = await one.CopyAsync(fileUrl, TimeSpan.FromMinutes(5));
    var r = await ControlPlaneBench.RunAsync(one, fileUrl, id, int.Parse(args[1], CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15));
    Console.WriteLine(ControlPlaneBench.Describe("single node", r));
    return 0;
}
if (args is ["data", ..] or ["ingest", ..])
{
    // The download port against nginx, or the CDN copy against curl, alone: supernode-bench data|ingest [ROUNDS]
    await using var one = await BenchSupernode.StartAsync();
    var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
    if (args[0] == "ingest")
    {
        var copy = await IngestBench.RunAsync(one, BenchPlan.Full.IngestFile, rounds);
        Console.WriteLine($"CDN ingest: ours {copy.OursMBps:N0} MB/s, curl {copy.CurlMBps:N0} MB/s, ratio {copy.Ratio:F2}");
        return 0;
    }
    var fileUrl = one.ServeFile("/data.bin", BenchPlan.Full.ControlPlaneFile, seed: 1);
    var id = await one.CopyAsync(fileUrl, TimeSpan.FromMinutes(5));
    var r = await DataPlaneBench.RunAsync(one, id, (int)(BenchPlan.Full.ControlPlaneFile / (DataPiece - 5)), DataPiece, rounds, BenchPlan.Full.DataPlaneRound);
    Console.WriteLine($"data plane: ours {string.Join(", ", r.OursRounds.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} MB/s, "
        + $"nginx {string.Join(", ", r.NginxRounds.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} MB/s, ratio {r.Ratio:F2}");
    return 0;
}
var quick = args.Contains("--quick");
var docsIndex = Array.IndexOf(args, "--docs");
var docs = docsIndex >= 0 && docsIndex + 1 < args.Length ? args[docsIndex + 1] : "docs";
var plan = quick ? BenchPlan.QuickPlan : BenchPlan.Full;
var wall = Stopwatch.StartNew();

var storms = new List<RegistrationStormBench.Row>(await RegistrationStormBench.SingleNodeAsync(plan.StormClients, plan.StormRounds));
if (plan.ClusterStorms) storms.AddRange(await RegistrationStormBench.ClusterAsync(plan.StormClients, tasks: 50, perTask: 20));

await using var sn = await BenchSupernode.StartAsync();
var newTask = await NewTaskRegistrationBench.RunAsync(sn, plan.Quick ? 50 : 200);
Console.WriteLine(NewTaskRegistrationBench.Describe(newTask));
var url = sn.ServeFile("/control.bin", plan.ControlPlaneFile, seed: 1);
var taskId = await sn.CopyAsync(url, TimeSpan.FromMinutes(5));

var control = new List<ControlPlaneBench.Result>();
foreach (var k in plan.ControlPlaneClients)
{
    var r = await ControlPlaneBench.RunAsync(sn, url, taskId, k, plan.ControlPlaneDuration);
    Console.WriteLine(ControlPlaneBench.Describe("single node", r));
    control.Add(r);
}

var hot = plan.HotTaskClusterClients > 0
    ? await ControlPlaneBench.HotTaskOnClusterAsync(plan.ControlPlaneFile, plan.HotTaskClusterClients, plan.ControlPlaneDuration)
    : null;

var service = TaskServiceBench.Sizes.Select(s => TaskServiceBench.Run(s.Clients, s.Pieces, pullsMeasured: plan.Quick ? 50_000 : 200_000)).ToList();
foreach (var r in service) Console.WriteLine(TaskServiceBench.Describe(r));

var pieces = (int)(plan.ControlPlaneFile / (DataPiece - 5));
var data = await DataPlaneBench.RunAsync(sn, taskId, pieces, DataPiece, plan.DataPlaneRounds, plan.DataPlaneRound);
Console.WriteLine($"data plane: ours {data.OursMBps:N0} MB/s, nginx {data.NginxMBps:N0} MB/s, ratio {data.Ratio:F2}");

var ingest = await IngestBench.RunAsync(sn, plan.IngestFile, plan.IngestRounds);
Console.WriteLine($"CDN ingest: ours {ingest.OursMBps:N0} MB/s, curl {ingest.CurlMBps:N0} MB/s, ratio {ingest.Ratio:F2}");

var e2e = new List<EndToEndBench.Result>();
foreach (var n in plan.EndToEndPeers)
{
    var r = await EndToEndBench.RunAsync(sn, n, plan.EndToEndFile, seed: 100 + n);
    Console.WriteLine($"end to end N={n}: {r.Succeeded}/{n}, median {r.MedianSeconds:F1} s, max {r.MaxSeconds:F1} s, origin {r.OriginRatio:F3}×, supernode share {r.SupernodeShare:P1}");
    e2e.Add(r);
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
BenchReport.Write(docs, plan, machine, storms, newTask, control, hot, service, data, ingest, e2e, wall.Elapsed);
Console.WriteLine($"written {Path.Combine(docs, quick ? "benchmarks-quick.md" : "benchmarks.md")} in {wall.Elapsed.TotalMinutes:F1} min");
return e2e.All(r => r.Succeeded == r.Peers) ? 0 : 1;

partial class Program
{
    private const int DataPiece = 4 * 1024 * 1024;
}
