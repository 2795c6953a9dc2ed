using System.Text.Json.Serialization;
using Akka.Hosting;
using Serilog;
using Supernode.Actors.Preheat;
using Supernode.Actors.Protocol;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>/preheats</c> and <c>/api/v1/preheats</c> (docs/protocol.md, Harbor's "dragonfly" provider): create a job (201
/// with its id; 208 once it succeeded), list every job with its layer tasks as Go's internal objects, read one as
/// PreheatInfo, delete one. Creating and deleting need the admin token when one is configured.
/// </summary>
public static class PreheatEndpoints
{
    public static void MapPreheats(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All)
        {
            app.MapPost(prefix + "/preheats", CreateAsync).RequireAdminToken();
            app.MapGet(prefix + "/preheats", ListAsync);
            app.MapGet(prefix + "/preheats/{id}", GetAsync);
            app.MapDelete(prefix + "/preheats/{id}", DeleteAsync).RequireAdminToken();
        }
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, IRequiredActor<PreheatRegion> preheats, IDiagnosticContext requestLog, CancellationToken ct)
    {
        var (request, problem) = await PreheatCreateRequest.ReadAsync(http, ct);
        if (request is null) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        var id = request.Id;
        requestLog.Set("PreheatId", id);
        return await preheats.ActorRef.AskOrNullAsync(new PreheatCommands.Create(id, request), Deadlines.Admin, ct) switch
        {
            PreheatReplies.Accepted a => GoJson.Body(StatusCodes.Status201Created, new Created(a.PreheatId)),
            // Harbor reads 208 as "already preheated": only a job that succeeded answers it.
            PreheatReplies.AlreadyDone d => GoJson.Error(StatusCodes.Status208AlreadyReported, $"preheat task already exists, id:{d.PreheatId}"),
            var other => Unexpected(id, other),
        };
    }

    private static async Task<IResult> ListAsync(IRequiredActor<PreheatRegion> preheats, EntityDirectory directory, CancellationToken ct)
    {
        var views = await directory.ViewsAsync<PreheatReplies.PreheatView>(ShardNames.Preheat, preheats.ActorRef, id => new PreheatCommands.Get(id), ct);
        return GoJson.Body(StatusCodes.Status200OK, views.OrderBy(v => v.StartTime).SelectMany(PreheatTask.Of).ToArray());
    }

    private static async Task<IResult> GetAsync(string id, IRequiredActor<PreheatRegion> preheats, CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return NotFound(id);
        return await preheats.ActorRef.AskOrNullAsync(new PreheatCommands.Get(id), Deadlines.Admin, ct) switch
        {
            PreheatReplies.PreheatView v => GoJson.Body(StatusCodes.Status200OK, PreheatInfo.Of(v)),
            PreheatReplies.PreheatUnknown => NotFound(id),
            var other => Unexpected(id, other),
        };
    }

    /// <summary>Go answers <c>true</c>, also for an unknown id; the tasks the job warmed stay.</summary>
    private static async Task<IResult> DeleteAsync(string id, IRequiredActor<PreheatRegion> preheats, CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return GoJson.Body(StatusCodes.Status200OK, true);
        return await preheats.ActorRef.AskOrNullAsync(new PreheatCommands.Delete(id), Deadlines.Admin, ct) switch
        {
            PreheatReplies.Deleted => GoJson.Body(StatusCodes.Status200OK, true),
            var other => Unexpected(id, other),
        };
    }

    private static IResult NotFound(string id) => GoJson.Error(StatusCodes.Status404NotFound, $"{id} doesn't exists");

    private static IResult Unexpected(string id, object? reply) => GoJson.Unanswered($"preheat {id}", reply);

    private static string WireName(PreheatStatus s) => s.ToString().ToUpperInvariant();

    private sealed record Created([property: JsonPropertyName("ID")] string Id);

    /// <summary>
    /// Go's PreheatInfo: id, status and error omitted when empty; the times always, RFC 3339 in UTC with milliseconds.
    /// Ours adds the progress: tasks (an image's layers, or the one file) finished of all, and the bytes their CDN
    /// copies hold.
    /// </summary>
    private sealed record PreheatInfo(
        [property: JsonPropertyName("ID")] string Id,
        [property: JsonPropertyName("finishTime")] string FinishTime,
        [property: JsonPropertyName("startTime")] string StartTime,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("errorMsg")] string? ErrorMsg,
        [property: JsonPropertyName("layersDone")] int LayersDone,
        [property: JsonPropertyName("layersTotal")] int LayersTotal,
        [property: JsonPropertyName("bytesCopied")] long BytesCopied)
    {
        public static PreheatInfo Of(PreheatReplies.PreheatView v) =>
            new(v.PreheatId, Time(v.FinishTime), Time(v.StartTime), WireName(v.Status), GoJson.OmitEmpty(v.ErrorMsg),
                v.Layers.Count(l => l.Finished), v.Layers.Length, v.Layers.Sum(l => l.Bytes));

        private static string Time(DateTimeOffset? t) => (t ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
    }

    /// <summary>
    /// Go's internal preheat task, as its list shows it (Go names, epoch milliseconds); an image's layer tasks follow
    /// it as children (ID = the layer's taskId, ParentID = the image job). Credential headers are masked.
    /// </summary>
    private sealed record PreheatTask(
        string ID,
        string URL,
        string Type,
        string Filter,
        string Identifier,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyDictionary<string, string>? Headers,
        string ParentID,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? Children,
        string Status,
        long StartTime,
        long FinishTime,
        string ErrorMsg)
    {
        public static IEnumerable<PreheatTask> Of(PreheatReplies.PreheatView v)
        {
            var start = v.StartTime.ToUnixTimeMilliseconds();
            var image = v.Type == PreheatType.Image;
            yield return new PreheatTask(v.PreheatId, v.Url, image ? "image" : "file", v.Filter, v.Identifier, v.Headers.Count == 0 ? null : v.Headers, "",
                image && v.Layers.Length > 0 ? v.Layers.Select(l => l.TaskId).ToArray() : null, WireName(v.Status), start,
                v.FinishTime?.ToUnixTimeMilliseconds() ?? 0, v.ErrorMsg);
            if (!image) yield break;
            foreach (var l in v.Layers)
                yield return new PreheatTask(l.TaskId, l.Url, "file", "", "", null, v.PreheatId, null, WireName(l.Status), start,
                    l.FinishTime?.ToUnixTimeMilliseconds() ?? 0, l.Error);
        }
    }
}
