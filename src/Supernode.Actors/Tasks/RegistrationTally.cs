namespace Supernode.Actors.Tasks;

/// <summary>
/// The client registrations a task recorded since it last told its log: a fleet's thousand registrations of a
/// rollout become one line (how many, and from the first to the last), not a thousand lines an operator must skip.
/// Times are monotonic milliseconds.
/// </summary>
public sealed class RegistrationTally
{
    private int _count;
    private long _firstMs;
    private long _lastMs;

    public void Recorded(long nowMs)
    {
        if (_count++ == 0) _firstMs = nowMs;
        _lastMs = nowMs;
    }

    /// <summary>What was tallied since the last take, which starts the next tally; null when nothing was.</summary>
    public (int Count, TimeSpan Within)? Take()
    {
        if (_count == 0) return null;
        var taken = (_count, TimeSpan.FromMilliseconds(_lastMs - _firstMs));
        _count = 0;
        return taken;
    }
}
