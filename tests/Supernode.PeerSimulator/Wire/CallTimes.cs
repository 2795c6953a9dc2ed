using System.Diagnostics;

namespace Supernode.PeerSimulator.Wire;

/// <summary>How long each call of one simulated dfget to the supernode API took, failed calls included.</summary>
public sealed class CallTimes
{
    private readonly Lock _lock = new();
    private int _count;
    private TimeSpan _slowest;
    private string _slowestCall = "";

    public int Count
    {
        get { lock (_lock) return _count; }
    }

    /// <summary>The longest call and what it was (route and outcome).</summary>
    public (TimeSpan Elapsed, string Call) Slowest
    {
        get { lock (_lock) return (_slowest, _slowestCall); }
    }

    internal void Record(string call, long startedTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        lock (_lock)
        {
            _count++;
            if (elapsed <= _slowest) return;
            _slowest = elapsed;
            _slowestCall = call;
        }
    }
}
