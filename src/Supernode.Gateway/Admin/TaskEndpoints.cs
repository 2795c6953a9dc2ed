using System.Text.Json.Serialization;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>/api/v1/tasks/{id}</c> (docs/protocol.md): a task as the Go supernode's TaskInfo shows it, read from its entity;
/// its deletion; a client's piece error. Unknown tasks get 404 rather than Go's 500: nothing failed, and ops
/// scripts can tell the two apart.
/// </summary>
public static class TaskEndpoints
{
    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All)
        {
            app.MapGet(prefix + "/tasks/{id}", GetAsync);
            app.MapDelete(prefix + "/tasks/{id}", DeleteAsync).RequireAdminToken();
            // A GET with a JSON body, as Go serves it, answering bad input with Go's 500; and the documents' POST, with 400.
            app.MapGet(prefix + "/tasks/{id}/pieces/{pieceRange}/error",
                (string id, string pieceRange, HttpRequest http, TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay, CancellationToken ct) =>
                    PieceErrorAsync(id, pieceRange, http, tasks, relay, StatusCodes.Status500InternalServerError, ct));
            app.MapPost(prefix + "/tasks/{id}/pieces/{pieceRange}/error",
                (string id, string pieceRange, HttpRequest http, TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay, CancellationToken ct) =>
                    PieceErrorAsync(id, pieceRange, http, tasks, relay, StatusCodes.Status400BadRequest, ct));
        }
    }

    /// <summary>Only a sha256 can name a task; anything else would just wake an empty entity.</summary>
    public static bool IsTaskId(string id) => id.Length == 64 && id.All(char.IsAsciiHexDigitLower);

    public static IResult NotFound(string id) => GoJson.Error(StatusCodes.Status404NotFound, $"task {id} not found");

    /// <summary>What a task entity's answer becomes when it is neither the expected one nor "unknown task".</summary>
    public static IResult Unexpected(string id, object? reply) => GoJson.Unanswered($"task {id}", reply);

    private static async Task<IResult> GetAsync(string id, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        if (!IsTaskId(id)) return NotFound(id);
        return await tasks.ActorRef.AskOrNullAsync(new TaskCommands.GetTask(id), Deadlines.Admin, ct) switch
        {
            TaskReplies.TaskView v => GoJson.Body(StatusCodes.Status200OK, TaskInfo.Of(v)),
            TaskReplies.TaskUnknown => NotFound(id),
            var other => Unexpected(id, other),
        };
    }

    /// <summary>
    /// Go's synchronous task GC: the task and its clients are forgotten; with <c>full</c> (Go's ParseBool) the replica
    /// holding the copy removes it from its disk before the answer. Always an empty 200, also for unknown tasks.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string id, HttpRequest http, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        if (!IsTaskId(id)) return Results.Empty;
        var full = http.Query["full"].ToString() is "1" or "t" or "T" or "TRUE" or "true" or "True";
        return await tasks.ActorRef.AskOrNullAsync(new TaskCommands.DeleteTask(id, full), Deadlines.Admin, ct) switch
        {
            TaskReplies.TaskDeleted or CdnReplies.CopyRemoved => Results.Empty,
            var other => Unexpected(id, other),
        };
    }

    /// <summary>
    /// Go's PieceErrorRequest in the body (keys case-insensitive); <c>taskId</c> and <c>range</c> default to the path,
    /// and <c>dstPid</c> names the source by peer id (or the supernode's cid). Bad input gets
    /// <paramref name="badInput"/> (Go's 500 on its GET, 400 on the documents' POST); on the GET a report without an
    /// error type changes nothing, as in Go, on the POST it is bad input.
    /// </summary>
    private static async Task<IResult> PieceErrorAsync(string id, string pieceRange, HttpRequest http, TaskCalls tasks,
        IRequiredActor<TaskCommandRelay> relay, int badInput, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<PieceErrorRequest>(http, "piece error request", ct);
        if (body is null) return GoJson.Error(badInput, problem);
        if (string.IsNullOrEmpty(body.DstPid)) return GoJson.Error(badInput, "piece error request: dstPid must not be empty");
        if (string.IsNullOrEmpty(body.ErrorType))
            return badInput == StatusCodes.Status400BadRequest ? GoJson.Error(badInput, "piece error request: errorType must not be empty") : Results.Empty;
        var report = PieceErrorReport.Create(Or(body.TaskId, id), body.SrcCid ?? "", body.DstPid, body.ErrorType, Or(body.Range, pieceRange),
            body.RealMd5 ?? "", body.ExpectedMd5 ?? "", out problem);
        return report is null
            ? GoJson.Error(badInput, $"piece error request: {problem}")
            : await PieceReportEndpoints.SendPieceErrorAsync(tasks, relay, report, ct);
    }

    private static string Or(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    /// <summary>Go's PieceErrorRequest (<c>apis/types/piece_error_request.go</c>); <c>dstIP</c> is not needed.</summary>
    private sealed record PieceErrorRequest(
        [property: JsonPropertyName("dstPid")] string? DstPid,
        [property: JsonPropertyName("errorType")] string? ErrorType,
        [property: JsonPropertyName("expectedMd5")] string? ExpectedMd5,
        [property: JsonPropertyName("range")] string? Range,
        [property: JsonPropertyName("realMd5")] string? RealMd5,
        [property: JsonPropertyName("srcCid")] string? SrcCid,
        [property: JsonPropertyName("taskId")] string? TaskId);
}
