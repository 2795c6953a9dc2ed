using System.Collections.Concurrent;

namespace Supernode.Cdn;

/// <summary>When the download port last served each task's copy: what the disk GC must not take away.</summary>
public sealed class CdnUsage
{
    private readonly ConcurrentDictionary<string, long> _lastServedMs = new(StringComparer.Ordinal);

    public void Served(string taskId) => _lastServedMs[taskId] = Environment.TickCount64;

    /// <summary>Milliseconds since the copy was last served, or null if it was not since this process started.</summary>
    public long? SinceServedMs(string taskId) =>
        _lastServedMs.TryGetValue(taskId, out var at) ? Environment.TickCount64 - at : null;
}
