using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Supernode.Cdn;

/// <summary>
/// Starts writing a just-written range of a copy to the disk without waiting for it (Linux <c>sync_file_range</c>),
/// so the disk works while the source is still streaming and the copy's final flush finds little left to write.
/// Nothing is promised by it: the final flush is what makes the copy durable. Elsewhere than Linux, nothing.
/// </summary>
internal static partial class Writeback
{
    private const uint SyncFileRangeWrite = 2;

    public static void Start(SafeFileHandle file, long offset, long length)
    {
        // A failure leaves the range to the final flush.
        if (OperatingSystem.IsLinux()) _ = SyncFileRange(file, offset, length, SyncFileRangeWrite);
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
