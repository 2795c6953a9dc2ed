using System.Diagnostics;

namespace Supernode.PeerSimulator.Client;

/// <summary>
/// dfget's per-download limit (<c>-s</c>), shared by all pieces of the download: bytes are admitted at
/// <c>bytesPerSecond</c> with up to half a second of burst. Zero or less means unlimited.
/// </summary>
internal sealed class RateLimiter(long bytesPerSecond)
{
    private const double BurstSeconds = 0.5;
    private readonly Lock _lock = new();
    private double _next;

    public Task AcquireAsync(int bytes, CancellationToken ct)
    {
        if (bytesPerSecond <= 0) return Task.CompletedTask;
        var now = Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        double wait;
        lock (_lock)
        {
            _next = Math.Max(now - BurstSeconds, _next) + bytes / (double)bytesPerSecond;
            wait = _next - now;
        }
        return wait > 0 ? Task.Delay(TimeSpan.FromSeconds(wait), ct) : Task.CompletedTask;
    }
}
