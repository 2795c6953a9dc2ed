using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/tasks/{id}</c>: a task as the Go supernode's TaskInfo shows it (protocol.md §8), read from its
/// entity. Unknown tasks get 404 rather than Go's 500: nothing failed, and ops scripts can tell the two apart.
/// </summary>
public static class TaskEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public static void MapTasks(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/tasks/{id}", GetAsync);

    private static async Task<IResult> GetAsync(string id, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        // Only a sha256 can name a task; anything else would just wake an empty entity.
        if (id.Length != 64 || !id.All(char.IsAsciiHexDigitLower)) return NotFound(id);
        object reply;
        try
        {
            reply = await tasks.ActorRef.Ask<object>(new TaskCommands.GetTask(id), AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return GoJson.Error(StatusCodes.Status503ServiceUnavailable, $"task {id} did not answer in time");
        }
        return reply switch
        {
            TaskReplies.TaskView v => GoJson.Body(StatusCodes.Status200OK, TaskInfo.Of(v)),
            TaskReplies.TaskUnknown => NotFound(id),
            _ => GoJson.Error(StatusCodes.Status500InternalServerError, $"unexpected answer {reply.GetType().Name}"),
        };
    }

    private static IResult NotFound(string id) => GoJson.Error(StatusCodes.Status404NotFound, $"task {id} not found");

    /// <summary>
    /// Go's TaskInfo fields in Go's order, zero values omitted as Go's <c>omitempty</c> does
    /// (empty strings are null here, which <see cref="GoJson"/> omits). The task headers are
    /// left out: they may carry source credentials. <c>piecesWritten</c>, <c>cdnNode</c>/<c>cdnDownload</c> (the replica holding the copy) and
    /// <c>entityNode</c> (the replica running the task) are ours.
    /// </summary>
    private sealed record TaskInfo(
        [property: JsonPropertyName("ID")] string Id,
        [property: JsonPropertyName("cdnStatus")] string CdnStatus,
        [property: JsonPropertyName("fileLength"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long FileLength,
        [property: JsonPropertyName("httpFileLength"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long HttpFileLength,
        [property: JsonPropertyName("identifier")] string? Identifier,
        [property: JsonPropertyName("md5")] string? Md5,
        [property: JsonPropertyName("pieceSize")] int PieceSize,
        [property: JsonPropertyName("pieceTotal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int PieceTotal,
        [property: JsonPropertyName("rawURL")] string RawUrl,
        [property: JsonPropertyName("realMd5")] string? RealMd5,
        [property: JsonPropertyName("taskURL")] string TaskUrl,
        [property: JsonPropertyName("piecesWritten")] int PiecesWritten,
        [property: JsonPropertyName("cdnNode")] string? CdnNode,
        [property: JsonPropertyName("cdnDownload")] string? CdnDownload,
        [property: JsonPropertyName("entityNode")] string EntityNode)
    {
        public static TaskInfo Of(TaskReplies.TaskView v) => new(
            v.TaskId, v.CdnStatus.WireName(), v.FileLength, v.HttpFileLength, EmptyAsNull(v.Source.Identifier),
            EmptyAsNull(v.Source.Md5), v.PieceSize, v.PieceTotal, v.Source.RawUrl, EmptyAsNull(v.RealMd5), v.Source.TaskUrl,
            v.PiecesWritten, v.CdnLocation?.NodeAddress, v.CdnLocation is { } l ? $"{l.AdvertiseIp}:{l.DownloadPort}" : null, v.EntityNode);

        private static string? EmptyAsNull(string s) => s.Length == 0 ? null : s;
    }
}
