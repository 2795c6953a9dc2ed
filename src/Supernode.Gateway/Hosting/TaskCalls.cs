using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Where a client's call of a task goes: a pull or a piece report of a hot task's client to the client's group
/// (<see cref="ClientGroup"/>), with the task's groups as this replica last heard them (<see cref="TaskDirectory"/>);
/// anything else to the task. A replica that has not heard of a split yet sends to the task, which hands the call on.
/// </summary>
public sealed class TaskCalls(TaskDirectory directory, IRequiredActor<TaskRegion> tasks, IRequiredActor<TaskGroupRegion> groups)
{
    public Task<object?> AskOrNullAsync(ITaskCommand call, TimeSpan deadline, CancellationToken ct)
    {
        var count = directory.GroupsOf(call.TaskId);
        object? routed = count <= 1 ? null : call switch
        {
            TaskCommands.PullPieceTask p => new TaskGroupCommands.Pull(ClientGroup.Of(p.SrcCid, count), p),
            TaskCommands.ReportPieceSuccess r => new TaskGroupCommands.PieceSuccess(ClientGroup.Of(r.Cid, count), r),
            TaskCommands.ReportPieceError e => new TaskGroupCommands.PieceError(ClientGroup.Of(e.SrcCid, count), e),
            _ => null,
        };
        return routed is null ? tasks.ActorRef.AskOrNullAsync(call, deadline, ct) : groups.ActorRef.AskOrNullAsync(routed, deadline, ct);
    }
}
