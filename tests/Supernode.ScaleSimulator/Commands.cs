using Supernode.ScaleSimulator.Fleet;
using Supernode.ScaleSimulator.Memory;
using Supernode.ScaleSimulator.Report;

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
        var policies = cl.Words("policies", [.. Policy.All.Select(p => p.Name)]).Select(Policy.Named).ToArray();
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
        var results = new List<RunResult>();
        foreach (var n in sizes.Order())
        {
            foreach (var policy in policies)
            {
                var runs = new List<RunResult>();
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var r = FleetSimulation.Run(template with { Clients = n, Seed = seed }, policy);
                    Console.Error.WriteLine($"{policy.Name} N={n:N0} seed {seed}: p50 {r.Median:F1} s, share {r.SupernodeShare:P2}, {r.WallSeconds:F1} s wall");
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
        var medians = Path.Combine(plotDir, "scale-median-vs-n.png");
        var floor = template.FileBytes / SimOptions.BytesPerSecond(template.ClientDownMbps);
        Plots.MedianVersusClients(results, floor, medians);
        var largest = sizes.Max();
        var curves = Path.Combine(plotDir, $"scale-completion-n{largest}.png");
        Plots.CompletionCurves([.. results.Where(r => r.Clients == largest)], curves);
        Console.WriteLine($"plots: {medians}, {curves}");
    }

    public static void Memory(CommandLine cl)
    {
        cl.RejectUnknown();
        var results = MemoryScenario.Standard.Select(MemoryProbe.Measure).ToArray();
        Console.WriteLine(ResultTables.Memory(results));
    }
}
