using System.Diagnostics;

namespace Supernode.Cdn;

/// <summary>
/// A byte budget per second shared by every transfer that draws on it (all source fetches of a replica, or all
/// download-port uploads). Each transfer takes what it moved and, when the budget is overdrawn, waits until it is
/// paid back: the average rate stays at the limit whatever the number of transfers, with bursts of at most
/// <see cref="BurstWindow"/> worth of bytes.
/// </summary>
public sealed class ByteRateLimiter
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(50);
    private readonly Lock _lock = new();
    private readonly double _bytesPerTick;
    private readonly double _burst;
    private double _available;
    private long _lastTimestamp;

    private readonly Prometheus.Counter? _moved;

    /// <param name="bytesPerSecond">The limit; 0 or less means none.</param>
    /// <param name="moved">Counts the bytes charged, for the metrics.</param>
    public ByteRateLimiter(long bytesPerSecond, Prometheus.Counter? moved = null)
    {
        _moved = moved;
        BytesPerSecond = Math.Max(0, bytesPerSecond);
        _bytesPerTick = (double)BytesPerSecond / Stopwatch.Frequency;
        _burst = BytesPerSecond * BurstWindow.TotalSeconds;
        _available = _burst;
        _lastTimestamp = Stopwatch.GetTimestamp();
    }

    public static ByteRateLimiter Unlimited { get; } = new(0);

    public long BytesPerSecond { get; }

    public bool IsLimited => BytesPerSecond > 0;

    /// <summary>Charges <paramref name="bytes"/> just moved, and waits while the budget is overdrawn.</summary>
    public ValueTask TakeAsync(int bytes, CancellationToken ct)
    {
        if (!IsLimited || bytes <= 0) return ValueTask.CompletedTask;
        _moved?.Inc(bytes);
        double debt;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _available = Math.Min(_burst, _available + (now - _lastTimestamp) * _bytesPerTick);
            _lastTimestamp = now;
            _available -= bytes;
            debt = -_available;
        }
        return debt <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromSeconds(debt / BytesPerSecond), ct));
    }

    /// <summary>A read-only view of <paramref name="inner"/> whose reads are charged to this budget.</summary>
    public Stream Throttle(Stream inner) => IsLimited ? new ThrottledReadStream(inner, this) : inner;
}
