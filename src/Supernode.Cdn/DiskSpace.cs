namespace Supernode.Cdn;

/// <summary>Free and total space of the volume holding a directory.</summary>
internal static class DiskSpace
{
    /// <summary>Available and total bytes of the mount with the longest root that contains <paramref name="path"/>.</summary>
    public static (long Free, long Total) Of(string path)
    {
        var full = Path.GetFullPath(path);
        var drive = DriveInfo.GetDrives()
            .Where(d => d.IsReady && full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);
        return drive is null ? (long.MaxValue, long.MaxValue) : (drive.AvailableFreeSpace, drive.TotalSize);
    }
}
