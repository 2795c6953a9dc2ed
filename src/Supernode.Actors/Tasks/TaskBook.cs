using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// A task's durable state and its soft half, the scheduler, kept in step: every event and every change of CDN
/// progress reaches both, and a snapshot carries both. Plain C#; the task entity owns one.
/// </summary>
public sealed class TaskBook(string taskId, SchedulerSettings settings)
{
    public TaskState State { get; private set; } = TaskState.Empty(taskId);

    public TaskScheduling Scheduling { get; private set; } = TaskScheduling.Create(settings, new Random());

    /// <summary>
    /// From a snapshot. One without the scheduler's state (written before the scheduler kept any, or of a task that
    /// had none) rebuilds it from the clients.
    /// </summary>
    public void Restore(TaskState snapshot)
    {
        State = snapshot with { Scheduling = null };
        if (snapshot.Scheduling is { } scheduling)
        {
            Scheduling = TaskScheduling.Restore(scheduling, settings, new Random());
        }
        else
        {
            Scheduling = TaskScheduling.Create(settings, new Random());
            foreach (var client in snapshot.Clients.Values) Scheduling.OnEvent(new TaskEvents.ClientRegistered(client, snapshot.CreatedAt));
            foreach (var cid in snapshot.DownClients) Scheduling.OnEvent(new TaskEvents.ClientServiceDown(cid, snapshot.CreatedAt));
        }
        Scheduling.SyncCopy(State);
    }

    public void Apply(ITaskEvent e)
    {
        State = State.Apply(e);
        if (e is TaskEvents.TaskExpired or TaskEvents.TaskDeleted) Scheduling = TaskScheduling.Create(settings, new Random());
        else Scheduling.OnEvent(e);
        Scheduling.SyncCopy(State);
    }

    /// <summary>Pieces the CDN wrote (soft): the scheduler hands them out at once.</summary>
    public void PiecesWritten(TaskCommands.CdnPiecesWritten p)
    {
        State = State.WithPiecesWritten(p.FirstPiece, p.PieceMd5s, p.HttpFileLength);
        Scheduling.SyncCopy(State);
    }

    /// <summary>The copy's holder is this replica, now known under <paramref name="here"/>.</summary>
    public void HolderIs(Cdn.CdnLocation here) => State = State with { CdnLocation = here };

    public TaskState Snapshot() => State with { Scheduling = Scheduling.Snapshot() };
}
