using System.Diagnostics;
using System.Text.Json.Serialization;
using Serilog;
using Supernode.Actors.Peers;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /peer/registry</c>: turns a dfget registration into a task registration (<see cref="TaskRegistration"/>).
/// Refusals get the codes that make dfget do the right thing (docs/registration.md).
/// </summary>
public static class RegistryEndpoint
{
    public static void MapRegistry(this IEndpointRouteBuilder app) => app.MapPost("/peer/registry", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest http, TaskRegistration registration, IDiagnosticContext requestLog, CancellationToken ct)
    {
        TaskCommands.Register register;
        try
        {
            var request = await RegistryRequest.ReadAsync(http, ct);
            request.Validate();
            register = ToCommand(request);
        }
        catch (RequestException e)
        {
            return GoJson.Error(StatusCodes.Status400BadRequest, $"failed to register: {e.Message}");
        }

        // The request line names what the body named (RequestLogs).
        requestLog.Set("TaskId", register.TaskId);
        requestLog.Set("Cid", register.Client.Cid);
        return await registration.RegisterAsync(register, ct) switch
        {
            RegistrationOutcome.Registered r => RegisteredAnswer(r.TaskId, r.FileLength, r.PieceSize),
            RegistrationOutcome.Refused f => GoJson.Result(ResultCodes.OfRegistrationFailure(f.Reason), msg: f.Message),
            // Not 200: dfget moves on to its next supernode, and comes back later.
            RegistrationOutcome.Unavailable u => GoJson.Error(StatusCodes.Status503ServiceUnavailable, u.Message),
            RegistrationOutcome.ClientGone => GoJson.ClientGone,
            RegistrationOutcome.Unexpected u => GoJson.Error(StatusCodes.Status500InternalServerError, u.Message),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>What a registered dfget is answered: the task's id, length and piece size.</summary>
    public static IResult RegisteredAnswer(string taskId, long fileLength, int pieceSize) =>
        GoJson.Result(ResultCodes.Success, new RegisterData(taskId, fileLength, pieceSize), "success");

    /// <summary>A registration as its task takes it; a <see cref="RequestException"/> for fields that cannot name a task.</summary>
    public static TaskCommands.Register ToCommand(RegistryRequest r)
    {
        var (taskId, source) = TaskNaming.Name(new TaskNaming.Fields(
            r.RawUrl, r.TaskUrl, r.Filter, r.Md5, r.Identifier, TaskIdentity.ConvertHeaders(r.Headers), r.Insecure, r.RootCAs, r.TaskId, r.FileLength));
        var pattern = r.Pattern.Length > 0 ? r.Pattern : "p2p";
        var client = new TaskClient(
            r.Cid, PeerId.Of(r.HostName, r.Ip, r.Port), r.Ip, r.HostName, r.Port, r.Path, r.Version, pattern,
            r.SuperNodeIp, r.CallSystem, r.Dfdaemon ? "true" : "");
        return new TaskCommands.Register(taskId, source, client);
    }

    /// <summary>The registration answer, field for field as the Go supernode writes it (docs/protocol.md).</summary>
    private sealed record RegisterData(
        [property: JsonPropertyName("taskId")] string TaskId,
        [property: JsonPropertyName("fileLength")] long FileLength,
        [property: JsonPropertyName("pieceSize")] int PieceSize)
    {
        [JsonPropertyName("cdnSource")] public string CdnSource => "supernode";
        [JsonPropertyName("asSeed")] public bool AsSeed => false;
        [JsonPropertyName("seedTaskID")] public string SeedTaskId => "";
    }
}
