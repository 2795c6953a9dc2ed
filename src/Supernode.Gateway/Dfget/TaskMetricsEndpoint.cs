using System.Text.Json.Serialization;
using Supernode.Gateway.Http;
using Supernode.Gateway.Metrics;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /task/metrics</c>: dfget's report at the end of a download (docs/protocol.md). Answered <c>{"code":1}</c>
/// where Go answers <c>null</c>: dfget sends a report again unless the code is 1, so Go receives (and counts) every
/// download twice. With the code, each download is reported, logged and counted once, whichever replica the load
/// balancer picks (a per-replica de-duplication could not see the copy that went to another replica).
/// </summary>
public static class TaskMetricsEndpoint
{
    public static void MapTaskMetrics(this IEndpointRouteBuilder app) => app.MapPost("/task/metrics", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest http, ILoggerFactory logs, CancellationToken ct)
    {
        var (report, problem) = await JsonBody.ReadAsync<TaskMetricsReport>(http, "task metrics", ct);
        if (report is null) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        if (report.Validate() is { } invalid) return GoJson.Error(StatusCodes.Status400BadRequest, $"task metrics: {invalid}");

        logs.CreateLogger(typeof(TaskMetricsEndpoint)).LogInformation(
            "Download of task {TaskId} by {Cid} at {Ip}: success {Success}, {FileLength} bytes in {Duration:F3} s, back-source reason {BackSourceReason}",
            report.TaskId, report.Cid, report.Ip, report.Success, report.FileLength, report.Duration, report.BackSourceReason);
        Count(report);
        return GoJson.Body(StatusCodes.Status200OK, Received);
    }

    /// <summary>Go's counting: every report, then its duration and length on success or its back-source reason on failure.</summary>
    private static void Count(TaskMetricsReport r)
    {
        string callSystem = r.CallSystem ?? "", peer = r.Ip ?? "";
        DfgetMetrics.Downloads.WithLabels(callSystem, peer).Inc();
        if (r.Success)
        {
            DfgetMetrics.DownloadDuration.WithLabels(callSystem, peer).Observe(r.Duration);
            DfgetMetrics.DownloadBytes.WithLabels(callSystem, peer).Inc(r.FileLength);
        }
        else
        {
            DfgetMetrics.DownloadsFailed.WithLabels(callSystem, peer, r.BackSourceReason ?? "").Inc();
        }
    }

    private static readonly ReportReceived Received = new(1);

    private sealed record ReportReceived([property: JsonPropertyName("code")] int Code);

    private sealed record TaskMetricsReport(
        [property: JsonPropertyName("IP")] string? Ip,
        [property: JsonPropertyName("backsourceReason")] string? BackSourceReason,
        [property: JsonPropertyName("cID")] string? Cid,
        [property: JsonPropertyName("callSystem")] string? CallSystem,
        [property: JsonPropertyName("duration")] double Duration,
        [property: JsonPropertyName("fileLength")] long FileLength,
        [property: JsonPropertyName("port")] int Port,
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("taskId")] string? TaskId)
    {
        /// <summary>Go's swagger checks: a peer port in 15000-65000 when given, a non-empty callSystem when given.</summary>
        public string? Validate() =>
            Port != 0 && Port is < 15000 or > 65000 ? $"port {Port} is not in 15000-65000"
            : CallSystem is { Length: 0 } ? "callSystem must not be empty"
            : null;
    }
}
