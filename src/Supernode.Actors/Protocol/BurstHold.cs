namespace Supernode.Actors.Protocol;

/// <summary>
/// What follows a burst of requests waits for it to end: while its events keep coming less than <c>quiet</c> apart,
/// for at most <c>maxWait</c> after the first, so a steady stream cannot hold it back for good. Used for the deliveries
/// a burst leaves behind (<see cref="EntityRelay"/>) and for a CDN copy decided on while a fleet registers.
/// Times are monotonic milliseconds.
/// </summary>
public sealed class BurstHold(TimeSpan quiet, TimeSpan maxWait)
{
    private long _sinceMs = -1;
    private long _lastMs;

    public bool IsHolding => _sinceMs >= 0;

    /// <summary>An event of the burst: starts the hold, or extends the one under way.</summary>
    public void Arrived(long nowMs)
    {
        if (!IsHolding) _sinceMs = nowMs;
        _lastMs = nowMs;
    }

    /// <summary>An event that extends a hold under way but starts none; one older than the last extends nothing.</summary>
    public void Extend(long atMs)
    {
        if (IsHolding) _lastMs = Math.Max(_lastMs, atMs);
    }

    /// <summary>How long the hold still lasts; zero: it is over.</summary>
    public TimeSpan Left(long nowMs)
    {
        var releaseMs = Math.Min(_lastMs + (long)quiet.TotalMilliseconds, _sinceMs + (long)maxWait.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(0, releaseMs - nowMs));
    }

    /// <summary>Whether the burst outlasted the longest hold.</summary>
    public bool Outlasted(long nowMs) => nowMs - _sinceMs >= (long)maxWait.TotalMilliseconds;

    public void Release() => _sinceMs = -1;
}
