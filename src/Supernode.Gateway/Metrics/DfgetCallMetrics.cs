using Prometheus;

namespace Supernode.Gateway.Metrics;

/// <summary>
/// How long each replica takes to answer dfget's calls, by call and by the answer dfget acts on (the body's code,
/// else the HTTP status): finer than the Go series, down to the millisecond and up to dfget's 5 s, because every
/// call must be answered within 4 s and a 602 costs dfget a back-off.
/// </summary>
public static class DfgetCallMetrics
{
    private const string CodeItem = "supernode.dfget-code";

    private static readonly IReadOnlyDictionary<string, string> Calls = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/peer/registry"] = "registration",
        ["/peer/task"] = "pull",
        ["/peer/piece/suc"] = "piece_success",
        ["/peer/piece/error"] = "piece_error",
        ["/peer/service/down"] = "service_down",
    };

    public static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram(
        "supernode_dfget_call_duration_seconds", "Time to answer a dfget call, in seconds, by call and by the code dfget acted on.",
        new HistogramConfiguration
        {
            LabelNames = ["call", "code"],
            Buckets = [.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 4, 5],
        });

    /// <summary>The code of the answer being written, when it is not the HTTP status (a dfget ResultInfo's).</summary>
    public static void SetCode(HttpContext http, int code) => http.Items[CodeItem] = code;

    /// <summary>Times every dfget call; placed before routing so it sees the whole answer.</summary>
    public static IApplicationBuilder UseDfgetCallMetrics(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await next(http);
        if (http.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } route } || !Calls.TryGetValue(route, out var call)) return;
        var code = http.Items.TryGetValue(CodeItem, out var c) && c is int set ? set : http.Response.StatusCode;
        Duration.WithLabels(call, code.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    });
}
