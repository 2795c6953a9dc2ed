using System.Text.Json.Serialization;
using Akka.Hosting;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>/api/v1/cluster/tasks</c> (and <c>/api/v1/tasks</c>): every task of the cluster (paged, optionally of one CDN status), and the live piece
/// map of one: for each client the pieces it holds and shares, those in flight and from whom, whom it blacklisted.
/// </summary>
public static class ClusterTaskEndpoints
{
    public static void MapClusterTasks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cluster/tasks", ListAsync);
        // Where an operator looks first, next to /api/v1/peers and /api/v1/preheats.
        foreach (var prefix in ApiPrefixes.All) app.MapGet(prefix + "/tasks", ListAsync);
        app.MapGet("/api/v1/cluster/tasks/{id}/pieces", PieceMapAsync);
    }

    private static async Task<IResult> ListAsync(HttpRequest http, IRequiredActor<TaskRegion> tasks, EntityDirectory directory, CancellationToken ct)
    {
        if (!Paging.TryRead(http.Query, out var paging, out var problem)) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        var status = http.Query["cdnStatus"].ToString();
        CdnStatus? only = null;
        if (status.Length > 0)
        {
            only = Enum.GetValues<CdnStatus>().FirstOrDefault(s => s.WireName().Equals(status, StringComparison.OrdinalIgnoreCase), (CdnStatus)(-1));
            if (!Enum.IsDefined(only.Value)) return GoJson.Error(StatusCodes.Status400BadRequest, $"cdnStatus {status} is not WAITING, RUNNING, SUCCESS or FAILED");
        }
        var views = await directory.ViewsAsync<TaskReplies.TaskView>(ShardNames.Task, tasks.ActorRef, id => new TaskCommands.GetTask(id), ct);
        var page = paging.Apply(views.Where(v => only is null || v.CdnStatus == only), v => v.CreatedAt);
        return GoJson.Body(StatusCodes.Status200OK, page.Select(TaskInfo.Of).ToArray());
    }

    private static async Task<IResult> PieceMapAsync(string id, IRequiredActor<TaskRegion> tasks, CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return TaskEndpoints.NotFound(id);
        return await tasks.ActorRef.AskOrNullAsync(new TaskCommands.GetPieceMap(id), Deadlines.Admin, ct) switch
        {
            TaskReplies.PieceMap m => GoJson.Body(StatusCodes.Status200OK, PieceMapInfo.Of(m)),
            TaskReplies.TaskUnknown => TaskEndpoints.NotFound(id),
            var other => TaskEndpoints.Unexpected(id, other),
        };
    }

    /// <summary>The piece map as JSON; piece sets are ranges such as <c>0-41,43</c>.</summary>
    private sealed record PieceMapInfo(
        [property: JsonPropertyName("taskId")] string TaskId,
        [property: JsonPropertyName("cdnStatus")] string CdnStatus,
        [property: JsonPropertyName("pieceTotal")] int PieceTotal,
        [property: JsonPropertyName("piecesWritten")] int PiecesWritten,
        [property: JsonPropertyName("supernodeCid")] string SupernodeCid,
        [property: JsonPropertyName("badCdnPieces")] string BadCdnPieces,
        [property: JsonPropertyName("supernodeLoad")] int SupernodeLoad,
        [property: JsonPropertyName("supernodeBudget")] int SupernodeBudget,
        [property: JsonPropertyName("clients")] ClientInfo[] Clients)
    {
        public static PieceMapInfo Of(TaskReplies.PieceMap m) => new(m.TaskId, m.CdnStatus.WireName(), m.PieceTotal, m.PiecesWritten,
            m.SupernodeCid, m.BadCdnPieces, m.SupernodeLoad, m.SupernodeBudget, [.. m.Clients.Select(ClientInfo.Of)]);
    }

    private sealed record ClientInfo(
        [property: JsonPropertyName("cid")] string Cid,
        [property: JsonPropertyName("servesPieces")] bool ServesPieces,
        [property: JsonPropertyName("down")] bool Down,
        [property: JsonPropertyName("piecesHeld")] int PiecesHeld,
        [property: JsonPropertyName("held")] string Held,
        [property: JsonPropertyName("shared")] string Shared,
        [property: JsonPropertyName("running")] RunningInfo[] Running,
        [property: JsonPropertyName("blacklist")] IReadOnlyList<string> Blacklist,
        [property: JsonPropertyName("producerLoad")] int ProducerLoad,
        [property: JsonPropertyName("consecutiveFailures")] int ConsecutiveFailures,
        [property: JsonPropertyName("serviceErrors")] int ServiceErrors)
    {
        public static ClientInfo Of(ClientPieceMap c) => new(c.Cid, c.ServesPieces, c.Down, c.PiecesHeld, c.Held, c.Shared,
            [.. c.Running.Select(r => new RunningInfo(r.Piece, r.From))], c.Blacklist, c.ProducerLoad, c.ConsecutiveFailures, c.ServiceErrors);
    }

    private sealed record RunningInfo(
        [property: JsonPropertyName("piece")] int Piece,
        [property: JsonPropertyName("from")] string From);
}
