namespace Supernode.ScaleSimulator.Engine;

/// <summary>
/// The virtual clock and its pending events: events come out by time, and events due at the same time in the
/// order they were scheduled, so a run is reproducible from its seed. Nothing sleeps; taking an event moves
/// the clock to its time.
/// </summary>
public sealed class EventQueue<TEvent>
{
    private readonly PriorityQueue<TEvent, EventKey> _heap = new();
    private long _scheduled;

    /// <summary>Seconds since the start of the run.</summary>
    public double Now { get; private set; }

    public int Count => _heap.Count;

    /// <summary>Events taken so far.</summary>
    public long Processed { get; private set; }

    /// <param name="at">Seconds; never before <see cref="Now"/> (an event cannot change the past).</param>
    public void Schedule(double at, TEvent e)
    {
        if (!(at >= Now)) throw new ArgumentOutOfRangeException(nameof(at), at, $"before now ({Now})");
        _heap.Enqueue(e, new EventKey(at, _scheduled++));
    }

    public bool TryNext(out TEvent e)
    {
        if (!_heap.TryDequeue(out e!, out var key)) return false;
        Now = key.Time;
        Processed++;
        return true;
    }

    /// <summary>Time first, then scheduling order: ties are first in, first out.</summary>
    private readonly record struct EventKey(double Time, long Sequence) : IComparable<EventKey>
    {
        public int CompareTo(EventKey other)
        {
            var byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
