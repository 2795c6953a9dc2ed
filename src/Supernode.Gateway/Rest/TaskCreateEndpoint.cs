using System.Diagnostics;
using System.Text.Json.Serialization;
using Akka.Hosting;
using Serilog;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Rest;

/// <summary>
/// <c>POST /tasks</c> (docs/protocol.md, the REST protocol): a peer registered with <c>POST /peers</c> starts a download.
/// It is the same registration as dfget's <c>/peer/registry</c> (<see cref="TaskRegistration"/>): the client joins the
/// same task and P2P network as dfget clients of that file. Answered 201 with the task's id, length and piece size;
/// bad input and refusals with 400, nothing recorded now with 503.
/// </summary>
public static class TaskCreateEndpoint
{
    /// <summary>
    /// How long the peer record may take to say where the peer is; past it the address comes from the peer id, so the
    /// registration keeps its own wait inside the 4 s every client call is answered in.
    /// </summary>
    private static readonly TimeSpan PeerLookup = TimeSpan.FromMilliseconds(500);

    public static void MapTaskCreate(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All) app.MapPost(prefix + "/tasks", CreateAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, IRequiredActor<PeerRegion> peers, TaskRegistration registration,
        IDiagnosticContext requestLog, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<TaskCreateRequest>(http, "task create request", ct);
        if (request?.Problem() is { } invalid) (request, problem) = (null, $"task create request: {invalid}");
        if (request is null) return BadRequest(problem);

        var peerId = request.PeerId!;
        PeerAddress address;
        switch (await peers.ActorRef.AskOrNullAsync(new PeerCommands.GetPeer(peerId), PeerLookup, ct))
        {
            case PeerReplies.PeerView v:
                address = new PeerAddress(v.Ip, v.HostName, v.Port, v.Version);
                break;
            case PeerReplies.PeerUnknown:
                return BadRequest($"task create request: peerID {peerId} is not a registered peer (POST /peers first)");
            case null when !ct.IsCancellationRequested && PeerId.TryParse(peerId, out var host, out var ip, out var port):
                address = new PeerAddress(ip, host, port, "");
                break;
            case null when ct.IsCancellationRequested:
                return GoJson.ClientGone;
            case var other:
                return GoJson.Unanswered($"peer {peerId}", other);
        }

        TaskCommands.Register register;
        try
        {
            register = request.ToCommand(address);
        }
        catch (RequestException e)
        {
            return BadRequest($"task create request: {e.Message}");
        }
        requestLog.Set("TaskId", register.TaskId);
        requestLog.Set("Cid", register.Client.Cid);
        return await registration.RegisterAsync(register, ct) switch
        {
            RegistrationOutcome.Registered r => GoJson.Body(StatusCodes.Status201Created, new TaskCreateResponse(r.TaskId, r.FileLength, r.PieceSize)),
            RegistrationOutcome.Refused f => BadRequest($"task {register.TaskId} refused the registration ({f.Reason}): {f.Message}"),
            RegistrationOutcome.Unavailable u => GoJson.Error(StatusCodes.Status503ServiceUnavailable, u.Message),
            RegistrationOutcome.ClientGone => GoJson.ClientGone,
            RegistrationOutcome.Unexpected u => GoJson.Error(StatusCodes.Status500InternalServerError, u.Message),
            _ => throw new UnreachableException(),
        };
    }

    private static IResult BadRequest(string message) => GoJson.Error(StatusCodes.Status400BadRequest, message);

    /// <summary>The documents' TaskCreateResponse; the pieces always come through the supernode's P2P network.</summary>
    private sealed record TaskCreateResponse(
        [property: JsonPropertyName("ID")] string Id,
        [property: JsonPropertyName("fileLength")] long FileLength,
        [property: JsonPropertyName("pieceSize")] int PieceSize)
    {
        [JsonPropertyName("cdnSource")] public string CdnSource => "supernode";
    }
}
