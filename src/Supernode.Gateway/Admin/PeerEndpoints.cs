using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Peers;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/peers/{id}</c>: a peer as Go's PeerInfo shows it (protocol.md §7), plus the tasks it joined.
/// Unknown peers get 404 rather than Go's 500, as unknown tasks do.
/// </summary>
public static class PeerEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public static void MapPeers(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/peers/{id}", GetAsync);

    private static async Task<IResult> GetAsync(string id, IRequiredActor<PeerRegion> peers, CancellationToken ct)
    {
        object reply;
        try
        {
            reply = await peers.ActorRef.Ask<object>(new PeerCommands.GetPeer(id), AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return GoJson.Error(StatusCodes.Status503ServiceUnavailable, $"peer {id} did not answer in time");
        }
        return reply switch
        {
            PeerReplies.PeerView v => GoJson.Body(StatusCodes.Status200OK,
                new PeerInfo(v.PeerId, v.Ip, v.Created.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"), v.HostName, v.Port, v.Version, v.Tasks)),
            PeerReplies.PeerUnknown => GoJson.Error(StatusCodes.Status404NotFound, $"peer {id} not found"),
            _ => GoJson.Error(StatusCodes.Status500InternalServerError, $"unexpected answer {reply.GetType().Name}"),
        };
    }

    /// <summary>Go's PeerInfo fields in Go's order; <c>tasks</c> (task id → client id) is ours.</summary>
    private sealed record PeerInfo(
        [property: JsonPropertyName("ID")] string Id,
        [property: JsonPropertyName("IP")] string Ip,
        [property: JsonPropertyName("created")] string Created,
        [property: JsonPropertyName("hostName")] string HostName,
        [property: JsonPropertyName("port")] int Port,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("tasks")] IReadOnlyDictionary<string, string> Tasks);
}
