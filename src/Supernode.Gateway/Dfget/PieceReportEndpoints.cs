using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Metrics;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// dfget's reports about pieces and its uploader: <c>/peer/piece/suc</c> (611), <c>/peer/piece/error</c> (empty 200)
/// and <c>/peer/service/down</c> (612) (docs/protocol.md, reports). Malformed reports get a 400 naming the problem. dfget
/// sends each report once: one its task does not take in time (busy, or on a replica the cluster is replacing) is
/// acknowledged and relayed to the task until it takes it (<see cref="TaskCommandRelay"/>), never lost.
/// </summary>
public static class PieceReportEndpoints
{
    public static void MapPieceReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/peer/piece/suc", PieceSuccessAsync);
        app.MapGet("/peer/piece/error", PieceErrorAsync);
        app.MapGet("/peer/service/down", ServiceDownAsync);
    }

    private static async Task<IResult> PieceSuccessAsync(HttpRequest http, TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay,
        CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "cid", "dstCid")) return BadReport(missing);
        if (!PieceRange.TryParsePieceNum(q["pieceRange"], out var pieceNum)) return BadReport($"pieceRange {q["pieceRange"]} is not a piece range");
        var reply = await ReportSuccessAsync(tasks, relay, new TaskCommands.ReportPieceSuccess(q["taskId"]!, q["cid"]!, q["dstCid"]!, pieceNum),
            q["pieceRange"], ct);
        if (reply is ClientGone) return GoJson.ClientGone;
        return IsTaken(reply) ? GoJson.Result(ResultCodes.PieceReported) : Rejected(reply);
    }

    /// <summary>A piece success of either protocol, with the bytes counted when the supernode served them.</summary>
    internal static async Task<object> ReportSuccessAsync(TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay,
        TaskCommands.ReportPieceSuccess report, string? pieceRange, CancellationToken ct)
    {
        var reply = await AskAsync(tasks, relay, report, ct);
        if (IsTaken(reply) && CdnLocation.IsSuperCid(report.DstCid) && PieceRange.TryParse(pieceRange, out var start, out var end))
            DfgetMetrics.PiecesFromSupernode.Inc(end - start + 1);
        return reply;
    }

    /// <summary>The task took the report, or the relay will hand it over.</summary>
    internal static bool IsTaken(object reply) => reply is TaskReplies.PieceAccepted or Relayed;

    private static async Task<IResult> PieceErrorAsync(HttpRequest http, TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay,
        CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "srcCid", "dstCid")) return BadReport(missing);
        var report = PieceErrorReport.Create(q["taskId"]!, q["srcCid"]!, q["dstCid"]!, q["errorType"].ToString(), q["range"].ToString(),
            q["realMd5"].ToString(), q["expectedMd5"].ToString(), out var problem);
        return report is null ? BadReport(problem) : await SendPieceErrorAsync(tasks, relay, report, ct);
    }

    /// <summary>Go answers an empty 200 without a Content-Type; dfget ignores the body.</summary>
    internal static async Task<IResult> SendPieceErrorAsync(TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay,
        TaskCommands.ReportPieceError report, CancellationToken ct) =>
        await AskAsync(tasks, relay, report, ct) switch
        {
            ClientGone => GoJson.ClientGone,
            TaskReplies.PieceErrorNoted or Relayed => Results.Empty,
            var reply => Rejected(reply),
        };

    private static async Task<IResult> ServiceDownAsync(HttpRequest http, TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay,
        CancellationToken ct)
    {
        var q = http.Query;
        if (!Required(q, out var missing, "taskId", "cid")) return BadReport(missing);
        return await AskAsync(tasks, relay, new TaskCommands.ReportServiceDown(q["taskId"]!, q["cid"]!), ct) switch
        {
            ClientGone => GoJson.ClientGone,
            TaskReplies.ServiceDownAccepted or Relayed => GoJson.Result(ResultCodes.PeerDown),
            var reply => Rejected(reply),
        };
    }

    /// <summary>
    /// The task's answer; or, when it does not answer in time, <see cref="Relayed"/> after handing the report to the
    /// relay, even if the caller went away (a report is a fact, whoever waits for its answer).
    /// </summary>
    internal static async Task<object> AskAsync(TaskCalls tasks, IRequiredActor<TaskCommandRelay> relay, ITaskCommand report,
        CancellationToken ct)
    {
        // A report the journal could not take goes to the relay as well: it is tried again until the task takes it.
        if (await tasks.AskOrNullAsync(report, Deadlines.Report, ct) is { } reply and not NotRecorded) return reply;
        relay.ActorRef.Tell(report);
        return ct.IsCancellationRequested ? new ClientGone() : new Relayed();
    }

    /// <summary>The report went to the relay: dfget is told it was taken.</summary>
    private sealed record Relayed;

    internal sealed record ClientGone;

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
