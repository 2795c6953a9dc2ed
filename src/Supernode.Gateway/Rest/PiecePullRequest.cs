using System.Text.Json.Serialization;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Rest;

/// <summary>
/// The documents' PiecePullRequest (<c>GET /tasks/{id}/pieces</c>): a JSON body on a GET, as the documents have it, or
/// the same fields as query parameters (what most HTTP clients can send on a GET); a query parameter wins over the body.
/// </summary>
public sealed record PiecePullRequest(
    [property: JsonPropertyName("dfgetTaskStatus")] string? DfgetTaskStatus,
    [property: JsonPropertyName("dstPID")] string? DstPid,
    [property: JsonPropertyName("pieceRange")] string? PieceRange,
    [property: JsonPropertyName("pieceResult")] string? PieceResult)
{
    public static readonly PiecePullRequest None = new(null, null, null, null);

    /// <summary>Default of <c>num</c>, as the documents set it; the client's limit of running pieces caps any value.</summary>
    public const int DefaultNum = 4;

    /// <summary>The body's fields with the query's where it has them.</summary>
    public PiecePullRequest With(IQueryCollection q) => new(
        Pick(q, "dfgetTaskStatus", DfgetTaskStatus), Pick(q, "dstPID", DstPid), Pick(q, "pieceRange", PieceRange), Pick(q, "pieceResult", PieceResult));

    /// <summary>
    /// The pull as the task takes it, or a one-line reason. No status means STARTED, or RUNNING when a result is given;
    /// a RUNNING pull carries a result only with both <c>pieceResult</c> and <c>pieceRange</c>; INVALID carries none.
    /// </summary>
    public TaskCommands.PullPieceTask? ToCommand(string taskId, string clientId, string num, out string problem)
    {
        problem = "";
        var max = DefaultNum;
        if (num.Length > 0 && (!int.TryParse(num, out max) || max < 1))
        {
            problem = $"num '{num}' is not a positive number";
            return null;
        }
        var result = PieceResult switch
        {
            null or "" or "INVALID" => (PieceResult?)null,
            "SUCCESS" => Actors.Scheduling.PieceResult.Success,
            "SEMISUC" => Actors.Scheduling.PieceResult.SemiSuccess,
            "FAILED" => Actors.Scheduling.PieceResult.Failed,
            _ => Invalid($"pieceResult '{PieceResult}' is not one of FAILED, SUCCESS, INVALID, SEMISUC", ref problem),
        };
        var status = DfgetTaskStatus switch
        {
            null or "" => result is null ? PullStatus.Started : PullStatus.Running,
            "STARTED" => PullStatus.Started,
            "RUNNING" => PullStatus.Running,
            "FINISHED" => PullStatus.Finished,
            _ => InvalidStatus($"dfgetTaskStatus '{DfgetTaskStatus}' is not one of STARTED, RUNNING, FINISHED", ref problem),
        };
        if (problem.Length > 0) return null;
        var pieceNum = -1;
        if (status == PullStatus.Running && result is not null && !Dfget.PieceRange.TryParsePieceNum(PieceRange, out pieceNum))
        {
            problem = $"pieceRange '{PieceRange}' is not a piece range (start-end), needed with pieceResult";
            return null;
        }
        if (status != PullStatus.Running) result = status == PullStatus.Finished ? Actors.Scheduling.PieceResult.Success : null;
        return new TaskCommands.PullPieceTask(taskId, clientId, DstPid ?? "", status, pieceNum, result, MaxPieces: max);
    }

    private static string? Pick(IQueryCollection q, string key, string? fallback) => q.TryGetValue(key, out var v) ? v.ToString() : fallback;

    private static PieceResult? Invalid(string why, ref string problem)
    {
        problem = why;
        return null;
    }

    private static PullStatus InvalidStatus(string why, ref string problem)
    {
        if (problem.Length == 0) problem = why;
        return PullStatus.Started;
    }
}
