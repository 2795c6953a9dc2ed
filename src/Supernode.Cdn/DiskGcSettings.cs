namespace Supernode.Cdn;

/// <summary>The disk GC of a replica (Go names and defaults; <see cref="InUseWindow"/> is ours).</summary>
/// <param name="Every">gcDiskInterval.</param>
/// <param name="InitialDelay">gcInitialDelay.</param>
/// <param name="YoungThreshold">Below this much free space, a run removes the least recently used tenths (youngGCThreshold).</param>
/// <param name="FullThreshold">At or below this much free space, a run removes every copy not in use (fullGCThreshold).</param>
/// <param name="CleanRatio">Tenths of the candidates a young run removes, 1-10 (cleanRatio).</param>
/// <param name="InUseWindow">A copy served this recently is in use (taskExpireTime: its task may still be live).</param>
/// <param name="IntervalThreshold">
/// A copy last used no longer ago than the interval between its last two uses plus this is used regularly: a young run
/// removes it only after the others (IntervalThreshold).
/// </param>
public sealed record DiskGcSettings(
    TimeSpan Every,
    TimeSpan InitialDelay,
    DiskThreshold YoungThreshold,
    DiskThreshold FullThreshold,
    int CleanRatio,
    TimeSpan InUseWindow,
    TimeSpan IntervalThreshold)
{
    public static DiskGcSettings Default { get; } = new(
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(6), DiskThreshold.OfBytes(100L << 30), DiskThreshold.OfBytes(5L << 30), 1, TimeSpan.FromMinutes(3),
        TimeSpan.FromHours(2));
}
