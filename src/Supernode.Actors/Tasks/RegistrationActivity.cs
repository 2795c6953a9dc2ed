namespace Supernode.Actors.Tasks;

/// <summary>
/// When this replica last took a registration, of any task. A CDN copy held back for its own task's burst also waits
/// while the replica takes other tasks' registrations: fifty tasks starting at once are fifty bursts on one replica's
/// cores, and a copy begun in the middle of them slows the registrations still coming, which dfget gives 5 s.
/// Shared by every task entity of the replica, so it is written from many threads. Times are monotonic milliseconds.
/// </summary>
public sealed class RegistrationActivity
{
    private long _lastMs = long.MinValue;

    public long LastMs => Volatile.Read(ref _lastMs);

    public void Seen(long nowMs)
    {
        var last = Volatile.Read(ref _lastMs);
        while (nowMs > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastMs, nowMs, last);
            if (seen == last) return;
            last = seen;
        }
    }
}
