using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>GET /peer/task</c>: dfget's pull for its next pieces, with the result of the piece it just finished
/// (docs/protocol.md). The task entity answers in the same call.
/// </summary>
public static class PieceTaskEndpoint
{
    public static void MapPieceTask(this IEndpointRouteBuilder app) => app.MapGet("/peer/task", HandleAsync);

    /// <summary>
    /// A task that does not answer in time (busy, or on a replica the cluster is replacing) gets a 602: dfget asks
    /// again after its back-off, where anything else would make it register again and, with one address, fail.
    /// </summary>
    private static async Task<IResult> HandleAsync(HttpRequest http, TaskCalls tasks, Reachability reachability, CancellationToken ct)
    {
        if (!TryRead(http.Query, out var pull, out var invalid)) return GoJson.Result(ResultCodes.ParamError, msg: invalid);
        return await PullAsync(tasks, reachability, pull, ct) switch
        {
            null when ct.IsCancellationRequested => GoJson.ClientGone,
            null => GoJson.Result(ResultCodes.PeerWait, msg: $"task {pull.TaskId} did not answer in time: peer should wait"),
            TaskReplies.PiecesAssigned a => GoJson.Result(ResultCodes.PeerContinue, a.Pieces.Select(PieceItem.Of).ToArray()),
            TaskReplies.PeerWait w => GoJson.Result(ResultCodes.PeerWait, msg: w.Reason),
            TaskReplies.PeerFinished { WithData: true } f => GoJson.Result(ResultCodes.PeerFinish, new FinishData(f.FileLength, f.Md5)),
            TaskReplies.PeerFinished => GoJson.Result(ResultCodes.PeerFinish),
            TaskReplies.PullFailed f => GoJson.Result(ResultCodes.OfPullFailure(f.Failure), msg: f.Reason),
            var other => GoJson.Result(ResultCodes.SystemError, msg: $"unexpected answer {other.GetType().Name}"),
        };
    }

    /// <summary>
    /// A pull of either protocol asked of its task: its answer, or null when the task did not answer within the pull's
    /// deadline (shorter while a replica is unreachable), which the caller answers as a wait.
    /// </summary>
    public static async Task<object?> PullAsync(TaskCalls tasks, Reachability reachability, TaskCommands.PullPieceTask pull, CancellationToken ct)
    {
        var deadline = reachability.AnyUnreachable ? Deadlines.PullWhileReplicaUnreachable : Deadlines.Pull;
        // Past this the task hands out nothing: the client has its wait by then (the margin covers the answer's way back).
        pull = pull with { AnswerBy = DateTimeOffset.UtcNow + deadline - Deadlines.AnswerTravel };
        var reply = await tasks.AskOrNullAsync(pull, deadline, ct);
        if (reply is null && !ct.IsCancellationRequested) reachability.Unanswered(pull.TaskId);
        else if (reply is not null) reachability.Answered(pull.TaskId);
        return reply;
    }

    /// <summary>Go's checks, in Go's order: 501 for an empty id, an unknown status or result, or a bad range.</summary>
    public static bool TryRead(IQueryCollection q, out TaskCommands.PullPieceTask pull, out string invalid)
    {
        pull = null!;
        invalid = "";
        string taskId = q["taskId"].ToString(), srcCid = q["srcCid"].ToString(), dstCid = q["dstCid"].ToString();
        if (taskId.Length == 0 || srcCid.Length == 0)
        {
            invalid = "taskId and srcCid must not be empty";
            return false;
        }
        if (!Enum.TryParse<PullStatus>(q["status"].ToString(), out var status) || !Enum.IsDefined(status))
        {
            invalid = $"status {q["status"]} is not one of 700, 701, 702";
            return false;
        }
        var pieceNum = -1;
        PieceResult? result = null;
        // A client that ends its download itself (702, never sent by dfget 1.x): SUCCESS with 501, FAILED otherwise.
        if (status == PullStatus.Finished) result = q["result"] == "501" ? PieceResult.Success : PieceResult.Failed;
        if (status == PullStatus.Running)
        {
            result = q["result"].ToString() switch
            {
                "500" => PieceResult.Failed,
                "501" => PieceResult.Success,
                "503" => PieceResult.SemiSuccess,
                _ => null,
            };
            if (result is null)
            {
                invalid = $"result {q["result"]} is not one of 500, 501, 503";
                return false;
            }
            if (!PieceRange.TryParsePieceNum(q["range"], out pieceNum))
            {
                invalid = $"range {q["range"]} is not a piece range";
                return false;
            }
        }
        pull = new TaskCommands.PullPieceTask(taskId, srcCid, dstCid, status, pieceNum, result);
        return true;
    }

    /// <summary>One piece of a 601 answer, field for field and in order as dfget reads it.</summary>
    private sealed record PieceItem(
        [property: JsonPropertyName("range")] string Range,
        [property: JsonPropertyName("pieceNum")] int PieceNum,
        [property: JsonPropertyName("pieceSize")] int PieceSize,
        [property: JsonPropertyName("pieceMd5")] string PieceMd5,
        [property: JsonPropertyName("cid")] string Cid,
        [property: JsonPropertyName("peerIp")] string PeerIp,
        [property: JsonPropertyName("peerPort")] int PeerPort,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("downLink")] int DownLink)
    {
        public static PieceItem Of(PieceTask p) =>
            new(PieceRange.Of(p.PieceNum, p.PieceSize), p.PieceNum, p.PieceSize, p.PieceMd5, p.Cid, p.PeerIp, p.PeerPort, p.Path, 0);
    }

    private sealed record FinishData(
        [property: JsonPropertyName("fileLength")] long FileLength,
        [property: JsonPropertyName("md5")] string Md5);
}
