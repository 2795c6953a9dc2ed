using System.Text.Json.Serialization;
using Akka.Hosting;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Admin;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Rest;

/// <summary>
/// The REST protocol's piece calls (docs/protocol.md): <c>GET /tasks/{id}/pieces</c>, the pull, and
/// <c>PUT /tasks/{id}/pieces/{pieceRange}</c>, a piece's result. They reach the same task or group entity as dfget's
/// <c>/peer/task</c> and <c>/peer/piece/suc</c>, so clients of both protocols exchange pieces. A pull is answered with the
/// pieces to fetch, or an empty array when there is nothing to fetch now (dfget's 602 and 600); an unknown task or
/// client with 404 (the client creates the task again), a failed copy of the source with 502.
/// </summary>
public static class PieceEndpoints
{
    public static void MapRestPieces(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All)
        {
            app.MapGet(prefix + "/tasks/{id}/pieces", PullAsync);
            app.MapPut(prefix + "/tasks/{id}/pieces/{pieceRange}", UpdateAsync);
        }
    }

    private static async Task<IResult> PullAsync(string id, HttpRequest http, TaskCalls tasks, Reachability reachability, CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return TaskEndpoints.NotFound(id);
        var clientId = http.Query["clientID"].ToString();
        if (clientId.Length == 0) return BadRequest("piece pull request: the query parameter clientID is required");
        var body = PiecePullRequest.None;
        if (http.ContentLength > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            var (read, problem) = await JsonBody.ReadAsync<PiecePullRequest>(http, "piece pull request", ct);
            if (read is null) return BadRequest(problem);
            body = read;
        }
        if (body.With(http.Query).ToCommand(id, clientId, http.Query["num"].ToString(), out var invalid) is not { } pull)
            return BadRequest($"piece pull request: {invalid}");
        return await PieceTaskEndpoint.PullAsync(tasks, reachability, pull, ct) switch
        {
            null when ct.IsCancellationRequested => GoJson.ClientGone,
            null or TaskReplies.PeerWait or TaskReplies.PeerFinished => Pieces([]),
            TaskReplies.PiecesAssigned a => Pieces(a.Pieces.Select(PieceInfo.Of).ToArray()),
            TaskReplies.PullFailed { Failure: PullFailure.CopyFailed } f => GoJson.Error(StatusCodes.Status502BadGateway, f.Reason),
            TaskReplies.PullFailed f => GoJson.Error(StatusCodes.Status404NotFound, $"{f.Reason}: create the task again (POST /tasks)"),
            var other => TaskEndpoints.Unexpected(id, other),
        };
    }

    /// <summary>
    /// The documents' PieceUpdateRequest. SUCCESS makes the client a holder of the piece (dfget's <c>/peer/piece/suc</c>);
    /// FAILED and INVALID release it as failed from <c>dstPID</c>, SEMISUC as fetched, the result a dfget pull carries.
    /// Answered with an empty 200 once the task took it (or, unanswered, once it is relayed to the task).
    /// </summary>
    private static async Task<IResult> UpdateAsync(string id, string pieceRange, HttpRequest http, TaskCalls tasks,
        IRequiredActor<TaskCommandRelay> relay, CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return TaskEndpoints.NotFound(id);
        var (body, problem) = await JsonBody.ReadAsync<PieceUpdateRequest>(http, "piece update request", ct);
        if (body?.Problem() is { } invalid) (body, problem) = (null, $"piece update request: {invalid}");
        if (body is null) return BadRequest(problem);
        if (!PieceRange.TryParsePieceNum(pieceRange, out var pieceNum)) return BadRequest($"pieceRange '{pieceRange}' is not a piece range (start-end)");

        ITaskCommand report = body.PieceStatus == "SUCCESS"
            ? new TaskCommands.ReportPieceSuccess(id, body.ClientId!, body.DstPid!, pieceNum)
            : new TaskCommands.PullPieceTask(id, body.ClientId!, body.DstPid!, PullStatus.Running, pieceNum,
                body.PieceStatus == "SEMISUC" ? PieceResult.SemiSuccess : PieceResult.Failed, MaxPieces: 0);
        var reply = report is TaskCommands.ReportPieceSuccess success
            ? await PieceReportEndpoints.ReportSuccessAsync(tasks, relay, success, pieceRange, ct)
            : await PieceReportEndpoints.AskAsync(tasks, relay, report, ct);
        return reply switch
        {
            PieceReportEndpoints.ClientGone => GoJson.ClientGone,
            // A result-only pull the task took while it remade its copy is answered as a wait: it was recorded all the same.
            _ when PieceReportEndpoints.IsTaken(reply) || reply is TaskReplies.PeerWait => Results.Empty,
            TaskReplies.ReportRejected r => GoJson.Error(StatusCodes.Status404NotFound, r.Reason),
            TaskReplies.PullFailed f => GoJson.Error(StatusCodes.Status404NotFound, f.Reason),
            var other => TaskEndpoints.Unexpected(id, other),
        };
    }

    private static IResult BadRequest(string message) => GoJson.Error(StatusCodes.Status400BadRequest, message);

    private static IResult Pieces(PieceInfo[] pieces) => GoJson.Body(StatusCodes.Status200OK, pieces);

    /// <summary>
    /// The documents' PieceInfo. <c>pID</c> is the uploader's peer id (the supernode's own id for its copy, a client's cid
    /// where its peer id is not known here); sent back as <c>dstPID</c>.
    /// </summary>
    private sealed record PieceInfo(
        [property: JsonPropertyName("pID")] string PeerId,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("peerIP")] string PeerIp,
        [property: JsonPropertyName("peerPort")] int PeerPort,
        [property: JsonPropertyName("pieceMD5")] string PieceMd5,
        [property: JsonPropertyName("pieceRange")] string PieceRange,
        [property: JsonPropertyName("pieceSize")] int PieceSize)
    {
        public static PieceInfo Of(PieceTask p) => new(p.PeerId.Length > 0 ? p.PeerId : p.Cid, p.Path, p.PeerIp, p.PeerPort, p.PieceMd5,
            Dfget.PieceRange.Of(p.PieceNum, p.PieceSize), p.PieceSize);
    }

    private sealed record PieceUpdateRequest(
        [property: JsonPropertyName("clientID")] string? ClientId,
        [property: JsonPropertyName("dstPID")] string? DstPid,
        [property: JsonPropertyName("pieceStatus")] string? PieceStatus)
    {
        public string? Problem() =>
            string.IsNullOrEmpty(ClientId) ? "clientID is required"
            : string.IsNullOrEmpty(DstPid) ? "dstPID is required (the pID the piece came from)"
            : PieceStatus is not ("SUCCESS" or "FAILED" or "INVALID" or "SEMISUC") ? $"pieceStatus '{PieceStatus}' is not one of FAILED, SUCCESS, INVALID, SEMISUC"
            : null;
    }
}
