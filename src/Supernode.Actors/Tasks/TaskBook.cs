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
            Scheduling.IndexPeers(snapshot.Clients.Values);
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

    /// <summary>
    /// A hot task's group learns its task changed (<see cref="TaskGroupFeeds"/>): <paramref name="task"/>, without
    /// clients, replaces everything but the group's clients.
    /// </summary>
    public void AdoptTask(TaskState task)
    {
        var copyStarted = task.CdnStatus == CdnStatus.Running && task.CopyId != State.CopyId;
        State = task with { Clients = State.Clients, DownClients = State.DownClients, Scheduling = null };
        if (copyStarted) Scheduling.CopyStarted();
        Scheduling.SyncCopy(State);
    }

    /// <summary>
    /// A group's baseline: the task with the group's clients. The group's scheduler stays (its piece maps are newer
    /// than any other), brought to the baseline's clients event by event.
    /// </summary>
    public void AdoptBaseline(TaskState baseline)
    {
        AdoptTask(baseline);
        foreach (var cid in State.Clients.Keys.Where(c => !baseline.Clients.ContainsKey(c)).ToList())
            Apply(new TaskEvents.ClientRemoved(cid, baseline.CreatedAt));
        foreach (var client in baseline.Clients.Values)
            if (!State.Clients.TryGetValue(client.Cid, out var known) || known != client || (State.DownClients.Contains(client.Cid) && !baseline.DownClients.Contains(client.Cid)))
                Apply(new TaskEvents.ClientRegistered(client, baseline.CreatedAt));
        foreach (var cid in baseline.DownClients.Where(c => !State.DownClients.Contains(c)))
            Apply(new TaskEvents.ClientServiceDown(cid, baseline.CreatedAt));
    }

    /// <summary>
    /// After <see cref="Restore"/> from a snapshot whose scheduler came from elsewhere (a group's own, with the task's
    /// clients): the scheduler forgets clients the task no longer has and learns those it does not know.
    /// </summary>
    public void ReconcileScheduler()
    {
        var known = Scheduling.Scheduler.Snapshot().Clients.Select(c => c.Cid).ToHashSet(StringComparer.Ordinal);
        foreach (var cid in known.Where(c => !State.Clients.ContainsKey(c)))
            Scheduling.OnEvent(new TaskEvents.ClientRemoved(cid, State.CreatedAt));
        foreach (var client in State.Clients.Values.Where(c => !known.Contains(c.Cid)))
        {
            Scheduling.OnEvent(new TaskEvents.ClientRegistered(client, State.CreatedAt));
            if (State.DownClients.Contains(client.Cid)) Scheduling.OnEvent(new TaskEvents.ClientServiceDown(client.Cid, State.CreatedAt));
        }
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
