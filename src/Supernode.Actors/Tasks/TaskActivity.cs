namespace Supernode.Actors.Tasks;

/// <summary>
/// When the task and each of its clients were last in use, and what the meta GC (<see cref="TaskExpiry"/>) forgets of
/// them. Soft and per incarnation: after a recovery the task and every client count as seen at the start.
/// Times are monotonic milliseconds.
/// </summary>
public sealed class TaskActivity(long startedMs)
{
    private readonly long _startedMs = startedMs;
    private long _lastAccessMs = startedMs;
    private readonly Dictionary<string, long> _lastSeenMs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _downSinceMs = new(StringComparer.Ordinal);

    /// <summary>A registration, preheat or pull: the task and that client (if any) are in use.</summary>
    public void Touch(string? cid, long nowMs)
    {
        _lastAccessMs = nowMs;
        if (cid is not null) _lastSeenMs[cid] = nowMs;
    }

    /// <summary>The client stopped serving pieces: it is forgotten a while after.</summary>
    public void Down(string cid, long nowMs) => _downSinceMs[cid] = nowMs;

    public void Forgotten(string cid)
    {
        _lastSeenMs.Remove(cid);
        _downSinceMs.Remove(cid);
    }

    public void Clear()
    {
        _lastSeenMs.Clear();
        _downSinceMs.Clear();
    }

    public TimeSpan Idle(long nowMs) => TimeSpan.FromMilliseconds(nowMs - _lastAccessMs);

    /// <summary>A task unused for the expire time is forgotten, but not while its copy is being made.</summary>
    public bool IsExpired(TaskState task, TaskExpiry expiry, long nowMs) =>
        task.Exists && task.CdnStatus != CdnStatus.Running && nowMs - _lastAccessMs >= (long)expiry.TaskExpire.TotalMilliseconds;

    /// <summary>The clients to forget now: silent for the expire time, or down for the GC delay.</summary>
    public IEnumerable<string> ClientsToForget(TaskState task, TaskExpiry expiry, long nowMs)
    {
        var downSince = task.DownClients.ToDictionary(c => c, c => _downSinceMs.GetValueOrDefault(c, _startedMs));
        return expiry.ClientsToForget(task.Clients.Keys, _lastSeenMs, downSince, _startedMs, nowMs);
    }
}
