using System.Text.Json.Serialization;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Admin;

/// <summary>
/// Go's TaskInfo fields in Go's order, zero values omitted as Go's <c>omitempty</c> does
/// (empty strings are null here, which <see cref="GoJson"/> omits). The task headers are
/// left out and a password in the URLs masked: they may carry source credentials. <c>piecesWritten</c>, <c>cdnNode</c>/<c>cdnDownload</c> (the replica holding the copy) and
/// <c>entityNode</c> (the replica running the task), <c>clientCount</c> (the dfget clients it knows) and <c>groups</c> (the
/// entities scheduling a hot task's clients, 1 for the task itself), <c>digest</c> (for a task named by its content) and
/// <c>paused</c> (by an operator, <c>PUT /tasks/{id}</c>) are ours.
/// </summary>
public sealed record TaskInfo(
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
    [property: JsonPropertyName("entityNode")] string EntityNode,
    [property: JsonPropertyName("clientCount")] int ClientCount,
    [property: JsonPropertyName("groups")] int Groups,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("paused")] bool Paused)
{
    public static TaskInfo Of(TaskReplies.TaskView v) => new(
        v.TaskId, v.CdnStatus.WireName(), v.FileLength, v.HttpFileLength, GoJson.OmitEmpty(v.Source.Identifier),
        GoJson.OmitEmpty(v.Source.Md5), v.PieceSize, v.PieceTotal, TaskSource.WithoutPassword(v.Source.RawUrl), GoJson.OmitEmpty(v.RealMd5),
        TaskSource.WithoutPassword(v.Source.TaskUrl),
        v.PiecesWritten, v.CdnLocation?.NodeAddress, v.CdnLocation is { } l ? $"{l.AdvertiseIp}:{l.DownloadPort}" : null, v.EntityNode,
        v.ClientIds.Length, v.Groups, GoJson.OmitEmpty(v.Source.Digest), v.Paused);
}
