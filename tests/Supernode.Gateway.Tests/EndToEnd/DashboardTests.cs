using System.Text.Json;
using System.Text.RegularExpressions;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// Every query of the shipped Grafana dashboard names only series that <c>/metrics</c> exposes,
/// and the dashboard shows every series of the Go supernode.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed partial class DashboardTests(SupernodeFixture sn)
{
    private static readonly string DashboardPath = Path.Combine(RepoPaths.Root, "deploy", "k8s", "grafana-dashboard.json");

    /// <summary>PromQL words that look like series names: aggregations, functions, operators, modifiers.</summary>
    private static readonly HashSet<string> Keywords =
    [
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "rate", "irate", "increase", "delta", "changes", "histogram_quantile", "time", "abs", "clamp_min",
    ];

    [Fact]
    public async Task Every_dashboard_query_names_only_exposed_series()
    {
        var exposed = PrometheusText.Parse((await sn.Client.GetAsync("/metrics")).Text).SeriesNames();
        var queries = Queries().ToList();
        Assert.NotEmpty(queries);
        var unknown = queries.SelectMany(q => SeriesIn(q).Where(name => !exposed.Contains(name)).Select(name => $"{name} in {q}")).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_dashboard_shows_every_series_of_the_Go_supernode()
    {
        var used = Queries().SelectMany(SeriesIn).Select(n => Regex.Replace(n, "_(bucket|sum|count)$", "")).ToHashSet();
        Assert.All(GoMetricSeries.All.Keys, name => Assert.Contains(name, used));
    }

    [Fact]
    public void The_extraction_finds_series_and_skips_functions_labels_and_ranges() =>
        Assert.Equal(["a_bucket", "b_total"], SeriesIn("histogram_quantile(0.9, sum by (le, handler) (rate(a_bucket{x=~\"$i\",code=\"5..\"}[5m]))) / on(instance) b_total offset 1h"));

    /// <summary>Every <c>expr</c> of the panels (rows included) and the <c>query</c> of the template variables.</summary>
    private static IEnumerable<string> Queries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var found = new List<string>();
        Walk(doc.RootElement, found);
        return found;
    }

    private static void Walk(JsonElement e, List<string> found)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name is "expr" && p.Value.ValueKind == JsonValueKind.String) found.Add(p.Value.GetString()!);
                    else if (p.Name is "query" && p.Value.GetString() is { } q && q.StartsWith("label_values(", StringComparison.Ordinal)) found.Add(q);
                    else Walk(p.Value, found);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Walk(item, found);
                break;
        }
    }

    /// <summary>The series names of a PromQL query: label matchers, ranges, strings, grouping lists and variables removed first.</summary>
    public static List<string> SeriesIn(string query)
    {
        // Grafana's label_values(series, label): only the first argument is a series.
        var q = LabelValues().Replace(query, "$1");
        q = Strings().Replace(q, "");
        q = Braces().Replace(q, "");
        q = Ranges().Replace(q, "");
        q = Grouping().Replace(q, "");
        q = Variables().Replace(q, "");
        return Identifiers().Matches(q).Select(m => m.Groups[1].Value).Where(name => !Keywords.Contains(name)).Distinct().ToList();
    }

    [GeneratedRegex(@"label_values\(([^,)]+)(?:,[^)]*)?\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex Variables();

    /// <summary>A whole name not preceded by a digit or dot (<c>1h</c>, <c>1e3</c>) and not called (a function).</summary>
    [GeneratedRegex(@"(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])(?!\s*\()")]
    private static partial Regex Identifiers();
}
