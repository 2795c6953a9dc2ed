namespace Supernode.Cdn;

/// <summary>A copy on disk as the disk GC weighs it.</summary>
/// <param name="LastUsedMs">Unix milliseconds of its last use: registration (the <c>.meta</c> access time) or serving.</param>
/// <param name="InUse">Being copied or repaired, or served lately: never removed.</param>
/// <param name="IntervalMs">Time between its last two uses (the <c>.meta</c> interval); 0 when used once.</param>
public sealed record CopyOnDisk(string TaskId, long Bytes, long LastUsedMs, bool InUse, long IntervalMs = 0);

/// <summary>
/// Which copies one disk GC run removes (docs/protocol.md, with its inverted order fixed): nothing while the
/// volume has more than the young threshold free; every copy not in use once at most the full threshold is free;
/// in between the tenths (<c>cleanRatio</c>/10, rounded up) of the copies not in use that are least likely to be
/// used again: first those not used regularly, least recently used first; then those used regularly (their last
/// use no longer ago than their interval plus <c>IntervalThreshold</c>, as Go classifies them), largest first.
/// </summary>
public static class DiskGcPlan
{
    public static IReadOnlyList<CopyOnDisk> Choose(
        IEnumerable<CopyOnDisk> copies, long freeBytes, long youngThreshold, long fullThreshold, int cleanRatio, long nowMs, TimeSpan intervalThreshold)
    {
        if (freeBytes > youngThreshold) return [];
        var idle = copies.Where(c => !c.InUse).ToList();
        if (freeBytes <= fullThreshold) return [.. idle.OrderBy(c => c.LastUsedMs).ThenBy(c => c.TaskId, StringComparer.Ordinal)];
        var thresholdMs = (long)intervalThreshold.TotalMilliseconds;
        bool UsedRegularly(CopyOnDisk c) => c.IntervalMs > 0 && nowMs - c.LastUsedMs <= c.IntervalMs + thresholdMs;
        var candidates = idle.Where(c => !UsedRegularly(c)).OrderBy(c => c.LastUsedMs).ThenBy(c => c.TaskId, StringComparer.Ordinal)
            .Concat(idle.Where(UsedRegularly).OrderByDescending(c => c.Bytes).ThenBy(c => c.TaskId, StringComparer.Ordinal))
            .ToList();
        var count = (candidates.Count * Math.Clamp(cleanRatio, 1, 10) + 9) / 10;
        return candidates.Take(count).ToList();
    }
}
