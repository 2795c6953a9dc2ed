using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// What one task entity adds to its replica's task and dfget-task gauges, so that every change moves them and
/// stopping the entity (passivation, hand-off, deletion) takes out exactly what it put in. Client statuses follow
/// Go's dfget-task machine (docs/scheduling.md): WAITING at registration, RUNNING at its first pull, then SUCCESS
/// (sticky) or FAILED; clients found by a recovery count as WAITING.
/// </summary>
public sealed class TaskGauges
{
    private const string Waiting = "WAITING", Running = "RUNNING", Success = "SUCCESS", Failed = "FAILED";

    private readonly Dictionary<string, (string CallSystem, string Status)> _clients = new(StringComparer.Ordinal);
    private CdnStatus? _status;

    /// <summary>
    /// Brings the gauges in line with the whole task: its status, and clients that joined or left. Costs a walk over
    /// every client, so it is for a recovery; each event after that is <see cref="Applied"/>.
    /// </summary>
    public void Sync(TaskState task)
    {
        SyncStatus(task);
        foreach (var cid in _clients.Keys.Where(cid => !task.Clients.ContainsKey(cid)).ToList()) Set(cid, "", null);
        foreach (var client in task.Clients.Values)
            if (!_clients.ContainsKey(client.Cid)) Set(client.Cid, client.CallSystem, Waiting);
    }

    /// <summary>One event was applied to <paramref name="task"/>: only what it changed moves, whatever the number of clients.</summary>
    public void Applied(ITaskEvent e, TaskState task)
    {
        SyncStatus(task);
        switch (e)
        {
            case TaskEvents.ClientRegistered r:
                Registered(r.Client);
                break;
            case TaskEvents.ClientRemoved r:
                Set(r.Cid, "", null);
                break;
            case TaskEvents.TaskExpired or TaskEvents.TaskDeleted:
                foreach (var cid in _clients.Keys.ToList()) Set(cid, "", null);
                break;
        }
    }

    private void SyncStatus(TaskState task)
    {
        var status = task.Exists ? task.CdnStatus : (CdnStatus?)null;
        if (status == _status) return;
        if (_status is { } before) TaskMetrics.Tasks.WithLabels(before.WireName()).Dec();
        if (status is { } after) TaskMetrics.Tasks.WithLabels(after.WireName()).Inc();
        _status = status;
    }

    /// <summary>A registration just recorded: the client starts over in WAITING.</summary>
    public void Registered(TaskClient client)
    {
        TaskMetrics.DfgetTasksRegistered.WithLabels(client.CallSystem).Inc();
        Set(client.Cid, client.CallSystem, Waiting);
    }

    /// <summary>Its first pull (status 700).</summary>
    public void Started(string cid) => Move(cid, Running);

    /// <summary>It has every piece (600), or reported the end of its download itself (702).</summary>
    public void Finished(string cid, bool success)
    {
        Move(cid, success ? Success : Failed);
        if (!success && _clients.TryGetValue(cid, out var c) && c.Status == Failed) TaskMetrics.DfgetTasksFailed.WithLabels(c.CallSystem).Inc();
    }

    /// <summary>The client's dfget-task status as Go's pull handling moves it: a first pull, its end, or the 600 answer.</summary>
    public void Pulled(TaskCommands.PullPieceTask pull, ISupernodeMessage reply)
    {
        if (pull.Status == PullStatus.Started) Started(pull.SrcCid);
        if (pull.Status == PullStatus.Finished) Finished(pull.SrcCid, pull.Result == PieceResult.Success);
        else if (reply is TaskReplies.PeerFinished) Finished(pull.SrcCid, success: true);
    }

    /// <summary>The entity stops: everything it counted goes.</summary>
    public void Clear() => Sync(TaskState.Empty(""));

    private void Move(string cid, string status)
    {
        // SUCCESS is sticky, as in Go.
        if (_clients.TryGetValue(cid, out var c) && c.Status != Success) Set(cid, c.CallSystem, status);
    }

    private void Set(string cid, string callSystem, string? status)
    {
        if (_clients.Remove(cid, out var before)) TaskMetrics.DfgetTasks.WithLabels(before.CallSystem, before.Status).Dec();
        if (status is null) return;
        _clients[cid] = (callSystem, status);
        TaskMetrics.DfgetTasks.WithLabels(callSystem, status).Inc();
    }
}
