using Supernode.ScaleSimulator.Fleet;
using Supernode.ScaleSimulator.Memory;
using Supernode.ScaleSimulator.Report;
using Supernode.ScaleSimulator.Service;

namespace Supernode.ScaleSimulator;

/// <summary>What the console runs: the fleet sweep (item 5) and the memory probe (item 6).</summary>
internal static class Commands
{
    public static readonly int[] FullSizes = [100, 300, 1_000, 3_000, 10_000];
    public static readonly int[] QuickSizes = [100, 300, 1_000];

    /// <summary>Every policy × fleet size × seed; pooled per policy and size, printed, and plotted when asked.</summary>
    public static void Sim(CommandLine cl)
    {
        var sizes = cl.Integers("n", cl.Flag("quick") ? QuickSizes : FullSizes);
        var designs = cl.Words("designs", ["one", "groups"]);
        var policies = cl.Words("policies", designs.SequenceEqual(["instant"]) ? [.. Policy.All.Select(p => p.Name)] : ["ours"]).Select(Policy.Named).ToArray();
        var service = new SupernodeModel
        {
            Replicas = (int)cl.Number("replicas", 3),
            CoresPerReplica = (int)cl.Number("cores", 8),
            CallMicros = cl.Number("call-us", 120),
            RemoteMicros = cl.Number("remote-us", 40),
            PullMicros = cl.Number("pull-us", 13),
            ReportMicros = cl.Number("report-us", 8),
            ShareMicros = cl.Number("share-us", 200),
        };
        var seeds = (int)cl.Number("seeds", 2);
        var clientMbps = cl.Number("client-mbps", 200);
        var template = new SimOptions
        {
            FileBytes = (long)(cl.Number("file-mib", 200) * (1 << 20)),
            PieceBytes = (int)(cl.Number("piece-mib", 4) * (1 << 20)),
            ClientDownMbps = cl.Number("client-down-mbps", clientMbps),
            ClientUpMbps = cl.Number("client-up-mbps", clientMbps),
            SupernodeUpMbps = cl.Number("supernode-mbps", 2_000),
            LatencySeconds = cl.Number("latency-ms", 1) / 1000,
            ArrivalWindowSeconds = cl.Number("arrival-window-s", 0),
        };
        var plotDir = cl.Text("plot");
        cl.RejectUnknown();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seeds);

        Console.WriteLine($"{template.FileBytes / (1 << 20)} MiB in {template.Pieces} pieces; clients {template.ClientDownMbps}/{template.ClientUpMbps} Mb/s down/up, " +
                          $"supernode {template.SupernodeUpMbps} Mb/s up; latency {template.LatencySeconds * 1000} ms; arrivals over {template.ArrivalWindowSeconds} s; {seeds} seed(s)");
        if (!designs.SequenceEqual(["instant"]))
            Console.WriteLine($"supernode: {service.Replicas} replicas × {service.CoresPerReplica} cores; per call {service.CallMicros} µs on its replica " +
                              $"(+{service.RemoteMicros} µs remote), pull {service.PullMicros} µs and report {service.ReportMicros} µs in its entity, share {service.ShareMicros} µs");
        var results = new List<RunResult>();
        foreach (var n in sizes.Order())
        {
            foreach (var design in designs)
            foreach (var policy in policies)
            {
                var model = DesignFor(design, service, n);
                var runs = new List<RunResult>();
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var r = FleetSimulation.Run(template with { Clients = n, Seed = seed, Service = model }, policy);
                    if (model is not null) r = r with { Policy = $"{policy.Name}, {design}" };
                    Console.Error.WriteLine($"{r.Policy} N={n:N0} seed {seed}: p50 {r.Median:F1} s, share {r.SupernodeShare:P2}, pull p99 {r.PullLatencyP99Seconds * 1000:F0} ms, " +
                                            $"busiest entity {r.PeakEntityUtilisation:P0}, {r.WallSeconds:F1} s wall");
                    runs.Add(r);
                }
                results.Add(RunResult.Pool(runs));
            }
        }

        Console.WriteLine();
        Console.WriteLine(ResultTables.Runs(results));
        Console.WriteLine(ResultTables.Targets(results));
        if (plotDir is null) return;
        Directory.CreateDirectory(plotDir);
        // The zero-time supernode keeps the plots it always had; the supernode with a service model has its own.
        var prefix = designs.SequenceEqual(["instant"]) ? "scale" : "scale-service";
        var medians = Path.Combine(plotDir, $"{prefix}-median-vs-n.png");
        var floor = template.FileBytes / SimOptions.BytesPerSecond(template.ClientDownMbps);
        Plots.MedianVersusClients(results, floor, medians);
        var largest = sizes.Max();
        var curves = Path.Combine(plotDir, $"{prefix}-completion-n{largest}.png");
        Plots.CompletionCurves([.. results.Where(r => r.Clients == largest)], curves);
        Console.WriteLine($"plots: {medians}, {curves}");
    }

    /// <summary>
    /// <c>instant</c>: the zero-time supernode; <c>one</c>: one entity per task; <c>groups</c>: the task's clients split
    /// into groups as the cluster splits them, once, when the task reaches a group's clients
    /// (<see cref="Supernode.Actors.Scheduling.TaskGroups.For"/> at <see cref="Supernode.Actors.Scheduling.TaskGroups.ClientsPerGroup"/>).
    /// </summary>
    private static SupernodeModel? DesignFor(string design, SupernodeModel service, int clients) => design switch
    {
        "instant" => SupernodeModel.Instant,
        "one" => service with { Groups = 1 },
        "groups" => service with
        {
            Groups = Supernode.Actors.Scheduling.TaskGroups.For(Math.Min(clients, Supernode.Actors.Scheduling.TaskGroups.ClientsPerGroup), service.Replicas),
        },
        _ => throw new ArgumentException($"unknown design {design} (known: instant, one, groups)"),
    };

    public static void Memory(CommandLine cl)
    {
        cl.RejectUnknown();
        var results = MemoryScenario.Standard.Select(MemoryProbe.Measure).ToArray();
        Console.WriteLine(ResultTables.Memory(results));
    }
}
