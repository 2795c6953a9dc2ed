using System.Text.Json.Serialization;
using Akka.Hosting;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>/api/v1/peers</c> and <c>/peers</c> (docs/protocol.md): create, list, get and delete peer records. Bad input gets
/// the documents' 400 (Go answered 500); unknown peers get 404 rather than Go's 500, as unknown tasks do. A peer id is stable (host name, IP and port),
/// not Go's per-registration one.
/// </summary>
public static class PeerEndpoints
{
    public static void MapPeers(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All)
        {
            // A client's first call in the REST protocol: open, as every dfget call is.
            app.MapPost(prefix + "/peers", CreateAsync);
            app.MapGet(prefix + "/peers", ListAsync);
            app.MapGet(prefix + "/peers/{id}", GetAsync);
            app.MapDelete(prefix + "/peers/{id}", DeleteAsync).RequireAdminToken();
        }
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, IRequiredActor<PeerRegion> peers, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<PeerCreateRequest>(http, "peer create request", ct);
        if (request?.Problem() is { } invalid) (request, problem) = (null, $"peer create request: {invalid}");
        if (request is null) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        var register = new PeerCommands.Register(
            PeerId.Of(request.HostName ?? "", request.Ip!, request.Port), request.Ip!, request.HostName ?? "", request.Port, request.Version ?? "", "", "");
        return await peers.ActorRef.AskOrNullAsync(register, Deadlines.Admin, ct) switch
        {
            PeerReplies.PeerView v => GoJson.Body(StatusCodes.Status201Created, new Created(v.PeerId)),
            var other => Unexpected(register.PeerId, other),
        };
    }

    private static async Task<IResult> ListAsync(HttpRequest http, IRequiredActor<PeerRegion> peers, EntityDirectory directory, CancellationToken ct)
    {
        if (!Paging.TryRead(http.Query, out var paging, out var problem)) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        var views = await directory.ViewsAsync<PeerReplies.PeerView>(ShardNames.Peer, peers.ActorRef, id => new PeerCommands.GetPeer(id), ct);
        return GoJson.Body(StatusCodes.Status200OK, paging.Apply(views, v => v.Created).Select(PeerInfo.Of).ToArray());
    }

    private static async Task<IResult> GetAsync(string id, IRequiredActor<PeerRegion> peers, CancellationToken ct) =>
        await peers.ActorRef.AskOrNullAsync(new PeerCommands.GetPeer(id), Deadlines.Admin, ct) switch
        {
            PeerReplies.PeerView v => GoJson.Body(StatusCodes.Status200OK, PeerInfo.Of(v)),
            var other => Unexpected(id, other),
        };

    private static async Task<IResult> DeleteAsync(string id, IRequiredActor<PeerRegion> peers, CancellationToken ct) =>
        await peers.ActorRef.AskOrNullAsync(new PeerCommands.Delete(id), Deadlines.Admin, ct) switch
        {
            // Go answers an empty 200.
            PeerReplies.PeerDeleted => Results.Empty,
            var other => Unexpected(id, other),
        };

    private static IResult Unexpected(string id, object? reply) => reply is PeerReplies.PeerUnknown
        ? GoJson.Error(StatusCodes.Status404NotFound, $"peer {id} not found")
        : GoJson.Unanswered($"peer {id}", reply);

    private sealed record Created([property: JsonPropertyName("ID")] string Id);

    /// <summary>
    /// Go's PeerInfo fields in Go's order, zero values omitted as Go's <c>omitempty</c> does except <c>created</c>;
    /// <c>tasks</c> (task id → client id) is ours.
    /// </summary>
    private sealed record PeerInfo(
        [property: JsonPropertyName("ID")] string Id,
        [property: JsonPropertyName("IP")] string? Ip,
        [property: JsonPropertyName("created")] string Created,
        [property: JsonPropertyName("hostName")] string? HostName,
        [property: JsonPropertyName("port"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Port,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, string> Tasks)
    {
        public static PeerInfo Of(PeerReplies.PeerView v) => new(v.PeerId, GoJson.OmitEmpty(v.Ip),
            v.Created.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"), GoJson.OmitEmpty(v.HostName), v.Port, GoJson.OmitEmpty(v.Version), v.Tasks);
    }
}
