using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Metrics;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// dfget's reports about pieces and its uploader: <c>/peer/piece/suc</c> (611), <c>/peer/piece/error</c> (empty 200)
/// and <c>/peer/service/down</c> (612), protocol.md §5.3-5.5. Malformed reports get a 400 naming the problem.
/// </summary>
public static class PieceReportEndpoints
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(4);

    public static void MapPieceReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/peer/piece/suc", PieceSuccessAsync);
        app.MapGet("/peer/piece/error", PieceErrorAsync);
        app.MapGet("/peer/service/down", ServiceDownAsync);
    }

    private static async Task<IResult> PieceSuccessAsync(HttpRequest http, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "cid", "dstCid")) return BadReport(missing);
        if (!PieceRange.TryParsePieceNum(q["pieceRange"], out var pieceNum)) return BadReport($"pieceRange {q["pieceRange"]} is not a piece range");
        var reply = await AskAsync(tasks, new TaskCommands.ReportPieceSuccess(q["taskId"]!, q["cid"]!, q["dstCid"]!, pieceNum), ct);
        if (reply is not TaskReplies.PieceAccepted) return Rejected(reply);
        if (CdnLocation.IsSuperCid(q["dstCid"]) && PieceRange.TryParse(q["pieceRange"], out var start, out var end))
            DfgetMetrics.PiecesFromSupernode.Inc(end - start + 1);
        return GoJson.Result(ResultCodes.PieceReported);
    }

    private static async Task<IResult> PieceErrorAsync(HttpRequest http, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "srcCid", "dstCid")) return BadReport(missing);
        var report = PieceErrorReport.Create(q["taskId"]!, q["srcCid"]!, q["dstCid"]!, q["errorType"].ToString(), q["range"].ToString(),
            q["realMd5"].ToString(), q["expectedMd5"].ToString(), out var problem);
        return report is null ? BadReport(problem) : await SendPieceErrorAsync(tasks, report, ct);
    }

    /// <summary>Go answers an empty 200 without a Content-Type; dfget ignores the body.</summary>
    internal static async Task<IResult> SendPieceErrorAsync(IRequiredActor<TaskRegion> tasks, TaskCommands.ReportPieceError report, CancellationToken ct)
    {
        var reply = await AskAsync(tasks, report, ct);
        return reply is TaskReplies.PieceErrorNoted ? Results.Empty : Rejected(reply);
    }

    private static async Task<IResult> ServiceDownAsync(HttpRequest http, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "cid")) return BadReport(missing);
        var reply = await AskAsync(tasks, new TaskCommands.ReportServiceDown(q["taskId"]!, q["cid"]!), ct);
        return reply is TaskReplies.ServiceDownAccepted ? GoJson.Result(ResultCodes.PeerDown) : Rejected(reply);
    }

    private static async Task<object> AskAsync(IRequiredActor<TaskRegion> tasks, ITaskCommand report, CancellationToken ct)
    {
        try
        {
            return await tasks.ActorRef.Ask<object>(report, ReportTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return new TaskReplies.ReportRejected($"task {report.TaskId} did not answer in time");
        }
    }

    private static bool Required(IQueryCollection q, out string missing, params string[] names)
    {
        missing = "";
        foreach (var name in names)
        {
            if (q[name].ToString().Length > 0) continue;
            missing = $"{name} must not be empty";
            return false;
        }
        return true;
    }

    private static IResult BadReport(string why) => GoJson.Error(StatusCodes.Status400BadRequest, why);

    /// <summary>Go's answer to a report it cannot apply: HTTP 500 (dfget retries a piece success, logs the rest).</summary>
    private static IResult Rejected(object reply) => GoJson.Error(StatusCodes.Status500InternalServerError,
        reply is TaskReplies.ReportRejected r ? r.Reason : $"unexpected answer {reply.GetType().Name}");
}
