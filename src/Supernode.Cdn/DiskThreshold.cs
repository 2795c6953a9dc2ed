namespace Supernode.Cdn;

/// <summary>
/// A free-space threshold of the disk GC: a size in bytes, as Go has it, or a share of the volume, so one
/// <c>supernode.yml</c> fits replicas whose disks differ (Go hard-coded sizes only, Dragonfly #986).
/// </summary>
public readonly record struct DiskThreshold
{
    private DiskThreshold(long bytes, double percent) => (Bytes, Percent) = (bytes, percent);

    /// <summary>The size, when the threshold is one.</summary>
    public long Bytes { get; }

    /// <summary>The share of the volume, 0 &lt; p ≤ 100, when the threshold is one; 0 otherwise.</summary>
    public double Percent { get; }

    public static DiskThreshold OfBytes(long bytes) =>
        bytes >= 0 ? new(bytes, 0) : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "must not be negative");

    public static DiskThreshold OfPercent(double percent) =>
        percent is > 0 and <= 100 ? new(0, percent) : throw new ArgumentOutOfRangeException(nameof(percent), percent, "must be above 0 and at most 100");

    /// <summary>The threshold in free bytes on a volume of <paramref name="volumeBytes"/>.</summary>
    public long FreeBytesOn(long volumeBytes) => Percent > 0 ? (long)(volumeBytes * (Percent / 100)) : Bytes;
}
