using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Serilog;
using Supernode.Actors.Metrics;
using Supernode.Actors.Peers;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /peer/registry</c>: turns a dfget registration into a task registration, then records the peer.
/// Refusals get the codes that make dfget do the right thing (docs/registration.md).
/// </summary>
public static class RegistryEndpoint
{
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A registration not answered by then has the database checked: while it is down a task cannot recover or
    /// persist and never answers, and dfget (10 s) would give up before <see cref="TaskTimeout"/>.
    /// </summary>
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(3);

    /// <summary>The second ask after <see cref="SlowAnswer"/>: together they stay under dfget's 10 s.</summary>
    private static readonly TimeSpan RetryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An ask whose answer no longer matters: its timeout is observed, not reported as unobserved.</summary>
    private static void Observe(Task ask) => _ = ask.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);

    public static void MapRegistry(this IEndpointRouteBuilder app) => app.MapPost("/peer/registry", HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpRequest http, IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRegion> peers, DatabaseHealthCheck database, ILoggerFactory logs,
        IDiagnosticContext requestLog, CancellationToken ct)
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
        object reply;
        try
        {
            var ask = tasks.ActorRef.Ask<object>(register, TaskTimeout, ct);
            if (await Task.WhenAny(ask, Task.Delay(SlowAnswer, ct)) != ask)
            {
                if (await database.ProblemAsync(ct) is { } problem)
                {
                    Observe(ask);
                    // Not 200: dfget moves on to its next supernode, and comes back later.
                    return GoJson.Error(StatusCodes.Status503ServiceUnavailable, $"registration of task {register.TaskId} cannot be recorded: {problem}");
                }
                // The database is up again, but the task may have stopped on a write that failed while it was down,
                // and this registration with it: registering again (it is idempotent) wakes it within dfget's 10 s.
                var again = tasks.ActorRef.Ask<object>(register, RetryTimeout, ct);
                var first = await Task.WhenAny(ask, again);
                Observe(first == ask ? again : ask);
                ask = first;
            }
            reply = await ask;
        }
        catch (AskTimeoutException)
        {
            // Not 200: dfget moves on to its next supernode.
            return GoJson.Error(StatusCodes.Status503ServiceUnavailable, $"registration of task {register.TaskId} timed out");
        }

        switch (reply)
        {
            case TaskReplies.Registered r:
                TaskMetrics.TasksRegistered.Inc();
                await RecordPeerAsync(peers, register, logs, ct);
                return GoJson.Result(ResultCodes.Success, new RegisterData(r.TaskId, r.FileLength, r.PieceSize), "success");
            case TaskReplies.RegistrationRefused f:
                return GoJson.Result(CodeOf(f.Reason), msg: f.Message);
            default:
                return GoJson.Error(StatusCodes.Status500InternalServerError, $"unexpected answer {reply.GetType().Name}");
        }
    }

    /// <summary>The peer record is bookkeeping for ops: its failure must not fail a download that is already registered.</summary>
    private static async Task RecordPeerAsync(IRequiredActor<PeerRegion> peers, TaskCommands.Register register, ILoggerFactory logs, CancellationToken ct)
    {
        var c = register.Client;
        try
        {
            await peers.ActorRef.Ask<PeerReplies.PeerView>(
                new PeerCommands.Register(c.PeerId, c.Ip, c.HostName, c.Port, c.Version, register.TaskId, c.Cid), PeerTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            logs.CreateLogger(typeof(RegistryEndpoint)).LogWarning("Peer {PeerId} of task {TaskId} not recorded in time", c.PeerId, register.TaskId);
        }
    }

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

    public static int CodeOf(RegistrationFailure reason) => reason switch
    {
        RegistrationFailure.SourceAuthRequired => ResultCodes.NeedAuth,
        RegistrationFailure.TaskConflict => ResultCodes.TaskConflict,
        _ => ResultCodes.UrlNotReachable,
    };

    /// <summary>The registration answer, field for field as the Go supernode writes it (wire.md §4.3).</summary>
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
