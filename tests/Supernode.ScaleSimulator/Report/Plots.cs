using ScottPlot;
using ScottPlot.TickGenerators;
using Supernode.ScaleSimulator.Fleet;

namespace Supernode.ScaleSimulator.Report;

/// <summary>The PNGs of docs/scale-simulator.md. Log axes are drawn as log10 values with 10ⁿ labels (ScottPlot's way).</summary>
public static class Plots
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>Median completion time against N, both axes logarithmic, with the README's wget and Dragonfly bars.</summary>
    /// <param name="floorSeconds">The file over a client's download rate: no client can finish sooner.</param>
    public static void MedianVersusClients(IReadOnlyList<RunResult> results, double floorSeconds, string path)
    {
        var plot = new Plot();
        var floor = plot.Add.HorizontalLine(Math.Log10(floorSeconds), 1, Colors.Gray, LinePattern.Dotted);
        floor.LegendText = $"floor: file / client download rate ({floorSeconds:F1} s)";
        var palette = new ScottPlot.Palettes.Category10();
        var colour = 0;
        foreach (var g in results.GroupBy(r => r.Policy))
        {
            var runs = g.OrderBy(r => r.Clients).ToArray();
            var line = plot.Add.Scatter(runs.Select(r => Math.Log10(r.Clients)).ToArray(), runs.Select(r => Math.Log10(r.Median)).ToArray(),
                palette.GetColor(colour++));
            line.LegendText = $"{g.Key} (simulated median)";
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        AddReference(plot, ReadmeReference.Wget, "wget (README, average)", palette.GetColor(colour++));
        AddReference(plot, ReadmeReference.Dragonfly, "Dragonfly 1.x (README, average)", palette.GetColor(colour));

        plot.Title("200 MB to N clients: median completion time");
        plot.XLabel("clients N (log)");
        plot.YLabel("seconds (log)");
        LogAxis(plot.Axes.Bottom);
        LogAxis(plot.Axes.Left);
        plot.Axes.SetLimits(Math.Log10(70), Math.Log10(15_000), Math.Log10(5), Math.Log10(1_500));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The share of clients finished against time, one curve per policy, at one fleet size.</summary>
    public static void CompletionCurves(IReadOnlyList<RunResult> results, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var colour = 0;
        foreach (var r in results)
        {
            var times = r.CompletionSeconds;
            var fractions = Enumerable.Range(1, times.Length).Select(i => 100.0 * i / (r.Clients * r.Runs)).ToArray();
            var line = plot.Add.ScatterLine(times, fractions, palette.GetColor(colour++));
            line.LegendText = r.Policy;
            line.LineWidth = 2;
        }
        plot.Title($"N = {results[0].Clients:N0}: clients finished over time");
        plot.XLabel("seconds since start");
        plot.YLabel("% of clients finished");
        plot.Axes.SetLimitsY(0, 100);
        plot.Axes.SetLimitsX(0, results.Max(r => r.Max) * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    private static void AddReference(Plot plot, IReadOnlyList<(int Clients, double Seconds)> points, string label, Color colour)
    {
        var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Clients)).ToArray(), points.Select(p => Math.Log10(p.Seconds)).ToArray(), colour);
        line.LegendText = label;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerShape = MarkerShape.OpenSquare;
        line.MarkerSize = 7;
    }

    private static void LogAxis(ScottPlot.IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("N0"),
        };
    }
}
