namespace Supernode.Cdn;

/// <summary>A copy on disk as the disk GC weighs it.</summary>
/// <param name="LastUsedMs">Unix milliseconds of its last use: registration (the <c>.meta</c> access time) or serving.</param>
/// <param name="InUse">Being copied or repaired, or served lately: never removed.</param>
public sealed record CopyOnDisk(string TaskId, long Bytes, long LastUsedMs, bool InUse);

/// <summary>
/// Which copies one disk GC run removes (docs/dfget-protocol.md, with its inverted order fixed): nothing while the
/// volume has more than the young threshold free; every copy not in use once at most the full threshold is free;
/// in between the least recently used tenths (<c>cleanRatio</c>/10, rounded up) of the copies not in use.
/// </summary>
public static class DiskGcPlan
{
    public static IReadOnlyList<CopyOnDisk> Choose(IEnumerable<CopyOnDisk> copies, long freeBytes, long youngThreshold, long fullThreshold, int cleanRatio)
    {
        if (freeBytes > youngThreshold) return [];
        var candidates = copies.Where(c => !c.InUse).OrderBy(c => c.LastUsedMs).ThenBy(c => c.TaskId, StringComparer.Ordinal).ToList();
        if (freeBytes <= fullThreshold) return candidates;
        var count = (candidates.Count * Math.Clamp(cleanRatio, 1, 10) + 9) / 10;
        return candidates.Take(count).ToList();
    }
}
