using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /task/metrics</c>: dfget's report at the end of a download (protocol.md §5.7). Answered <c>null</c> as Go
/// does; dfget then sends it a second time, so each download is logged twice with the same cid.
/// </summary>
public static class TaskMetricsEndpoint
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static void MapTaskMetrics(this IEndpointRouteBuilder app) => app.MapPost("/task/metrics", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest http, ILoggerFactory logs, CancellationToken ct)
    {
        TaskMetricsReport? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync<TaskMetricsReport>(http.Body, Json, ct);
        }
        catch (JsonException e)
        {
            return GoJson.Error(StatusCodes.Status400BadRequest, $"task metrics: malformed JSON at {e.Path ?? "$"} (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }
        if (report is null) return GoJson.Error(StatusCodes.Status400BadRequest, "task metrics: empty body");
        if (report.Validate() is { } invalid) return GoJson.Error(StatusCodes.Status400BadRequest, $"task metrics: {invalid}");

        logs.CreateLogger(typeof(TaskMetricsEndpoint)).LogInformation(
            "Download of task {TaskId} by {Cid} at {Ip}: success {Success}, {FileLength} bytes in {Duration:F3} s, back-source reason {BackSourceReason}",
            report.TaskId, report.Cid, report.Ip, report.Success, report.FileLength, report.Duration, report.BackSourceReason);
        return GoJson.Body(StatusCodes.Status200OK, null);
    }

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
