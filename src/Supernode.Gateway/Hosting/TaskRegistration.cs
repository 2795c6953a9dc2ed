using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Metrics;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Hosting;

/// <summary>What became of a client's registration, whichever protocol it came by; each protocol answers it its own way.</summary>
public abstract record RegistrationOutcome
{
    public sealed record Registered(string TaskId, long FileLength, int PieceSize) : RegistrationOutcome;

    public sealed record Refused(RegistrationFailure Reason, string Message) : RegistrationOutcome;

    /// <summary>Nothing could be recorded now (no answer, a journal that does not take writes): the client may try again.</summary>
    public sealed record Unavailable(string Message) : RegistrationOutcome;

    public sealed record ClientGone : RegistrationOutcome;

    public sealed record Unexpected(string Message) : RegistrationOutcome;
}

/// <summary>
/// A client's registration for a task (dfget's <c>POST /peer/registry</c>, the REST <c>POST /tasks</c>): the answer waits
/// for what the client needs, the task's reply once the registration is written, and nothing else; the peer record
/// follows behind it (<see cref="PeerRecordRelay"/>). A known task that does not answer in time is answered from its
/// announcement, and the registration follows it (docs/registration.md).
/// </summary>
public sealed class TaskRegistration(
    IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRecordRelay> peerRecords, IRequiredActor<TaskCommandRelay> relay,
    TaskDirectory directory, Reachability reachability, ILogger<TaskRegistration> log)
{
    public async Task<RegistrationOutcome> RegisterAsync(TaskCommands.Register register, CancellationToken ct)
    {
        var asking = tasks.ActorRef.AskOrNullAsync(register, Deadlines.Registration, ct);
        var (answer, known, waited) = await RegistrationWait.WaitAsync(
            asking, () => directory.Find(register.TaskId, register.Source), () => reachability.AnyUnreachable, d => Task.Delay(d, ct));
        switch (answer)
        {
            case TaskReplies.Registered r:
                return Registered(r.TaskId, r.FileLength, r.PieceSize);
            case null when !ct.IsCancellationRequested && known is not null:
                // The task is known but does not answer: its replica was lost and is being replaced. The registration
                // follows it there; until it arrives the task answers the client's pulls with a wait.
                relay.ActorRef.Tell(register);
                log.LogInformation(
                    "Task {TaskId} did not answer the registration of client {Cid} within {Deadline} s: answered from its announcement, the registration follows",
                    register.TaskId, register.Client.Cid, waited.TotalSeconds);
                return Registered(known.TaskId, known.HttpFileLength, known.PieceSize);
            case TaskReplies.RegistrationRefused f:
                return new RegistrationOutcome.Refused(f.Reason, f.Message);
            case NotRecorded n:
                return new RegistrationOutcome.Unavailable($"registration of task {register.TaskId} cannot be recorded: {n.Reason}");
            case null when ct.IsCancellationRequested:
                return new RegistrationOutcome.ClientGone();
            case null:
                return new RegistrationOutcome.Unavailable($"task {register.TaskId} did not answer within {waited.TotalSeconds:0.#} s");
            case var other:
                return new RegistrationOutcome.Unexpected($"unexpected answer {other.GetType().Name}");
        }

        RegistrationOutcome Registered(string taskId, long fileLength, int pieceSize)
        {
            TaskMetrics.TasksRegistered.Inc();
            var c = register.Client;
            peerRecords.ActorRef.Tell(new PeerCommands.Register(c.PeerId, c.Ip, c.HostName, c.Port, c.Version, register.TaskId, c.Cid));
            return new RegistrationOutcome.Registered(taskId, fileLength, pieceSize);
        }
    }
}
