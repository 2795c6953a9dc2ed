using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Serilog;
using Supernode.Actors.Metrics;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /peer/registry</c>: turns a dfget registration into a task registration. The answer waits for what dfget
/// needs, the task's reply once the registration is written, and nothing else: the peer record follows behind it
/// (<see cref="PeerRecordRelay"/>). Refusals get the codes that make dfget do the right thing (docs/registration.md).
/// </summary>
public static class RegistryEndpoint
{
    public static void MapRegistry(this IEndpointRouteBuilder app) => app.MapPost("/peer/registry", HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpRequest http, IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRecordRelay> peerRecords, IRequiredActor<TaskCommandRelay> relay,
        TaskDirectory directory, Reachability reachability, ILoggerFactory logs, IDiagnosticContext requestLog, CancellationToken ct)
    {
        RegistryRequest request;
        try
        {
            request = await RegistryRequest.ReadAsync(http, ct);
            request.Validate();
        }
        catch (RequestException e)
        {
            return GoJson.Error(StatusCodes.Status400BadRequest, $"failed to register: {e.Message}");
        }

        var register = ToCommand(request);
        // The request line names what the body named (RequestLogs).
        requestLog.Set("TaskId", register.TaskId);
        requestLog.Set("Cid", register.Client.Cid);
        var asking = tasks.ActorRef.AskOrNullAsync(register, Deadlines.Registration, ct);
        var (answer, known, waited) = await RegistrationWait.WaitAsync(
            asking, () => directory.Find(register.TaskId, register.Source), () => reachability.AnyUnreachable, d => Task.Delay(d, ct));
        switch (answer)
        {
            case TaskReplies.Registered r:
                return Registered(r.TaskId, r.FileLength, r.PieceSize);
            case null when !ct.IsCancellationRequested && known is not null:
                // The task is known but does not answer: its replica was lost and is being replaced. The registration
                // follows it there; until it arrives the task answers the client's pulls with 602.
                relay.ActorRef.Tell(register);
                logs.CreateLogger(typeof(RegistryEndpoint)).LogInformation(
                    "Task {TaskId} did not answer the registration of client {Cid} within {Deadline} s: answered from its announcement, the registration follows",
                    register.TaskId, register.Client.Cid, waited.TotalSeconds);
                return Registered(known.TaskId, known.HttpFileLength, known.PieceSize);
            case TaskReplies.RegistrationRefused f:
                return GoJson.Result(ResultCodes.OfRegistrationFailure(f.Reason), msg: f.Message);
            case NotRecorded n:
                // Not 200: dfget moves on to its next supernode, and comes back later.
                return GoJson.Error(StatusCodes.Status503ServiceUnavailable, $"registration of task {register.TaskId} cannot be recorded: {n.Reason}");
            case null when ct.IsCancellationRequested:
                return GoJson.ClientGone;
            case null:
                return GoJson.Error(StatusCodes.Status503ServiceUnavailable,
                    $"task {register.TaskId} did not answer within {waited.TotalSeconds:0.#} s");
            case var other:
                return GoJson.Error(StatusCodes.Status500InternalServerError, $"unexpected answer {other.GetType().Name}");
        }

        IResult Registered(string taskId, long fileLength, int pieceSize)
        {
            TaskMetrics.TasksRegistered.Inc();
            var c = register.Client;
            peerRecords.ActorRef.Tell(new PeerCommands.Register(c.PeerId, c.Ip, c.HostName, c.Port, c.Version, register.TaskId, c.Cid));
            return RegisteredAnswer(taskId, fileLength, pieceSize);
        }
    }

    /// <summary>What a registered dfget is answered: the task's id, length and piece size.</summary>
    public static IResult RegisteredAnswer(string taskId, long fileLength, int pieceSize) =>
        GoJson.Result(ResultCodes.Success, new RegisterData(taskId, fileLength, pieceSize), "success");

    public static TaskCommands.Register ToCommand(RegistryRequest r)
    {
        var headers = TaskIdentity.ConvertHeaders(r.Headers);
        var taskUrl = r.TaskUrl.Length > 0 ? r.TaskUrl : r.RawUrl;
        var taskId = TaskIdentity.Compute(taskUrl, r.Md5, r.Identifier, headers);
        var source = new TaskSource(
            r.RawUrl, taskUrl, r.Md5, r.Identifier,
            headers?.ToImmutableSortedDictionary(StringComparer.Ordinal) ?? ImmutableSortedDictionary<string, string>.Empty,
            r.Insecure, r.RootCAs?.ToImmutableArray() ?? ImmutableArray<string>.Empty);
        var pattern = r.Pattern.Length > 0 ? r.Pattern : "p2p";
        var client = new TaskClient(
            r.Cid, PeerId.Of(r.HostName, r.Ip, r.Port), r.Ip, r.HostName, r.Port, r.Path, r.Version, pattern,
            r.SuperNodeIp, r.CallSystem, r.Dfdaemon ? "true" : "");
        return new TaskCommands.Register(taskId, source, client);
    }

    /// <summary>The registration answer, field for field as the Go supernode writes it (docs/dfget-protocol.md).</summary>
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
