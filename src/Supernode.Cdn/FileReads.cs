using Microsoft.Win32.SafeHandles;

namespace Supernode.Cdn;

/// <summary>Positioned reads of a data file: one <see cref="RandomAccess"/> read may return less than asked before the end.</summary>
internal static class FileReads
{
    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/> unless the file ends first; returns the bytes read.</summary>
    public static async Task<int> ReadAtAsync(SafeFileHandle file, Memory<byte> into, long offset, CancellationToken ct)
    {
        var total = 0;
        while (total < into.Length)
        {
            var n = await RandomAccess.ReadAsync(file, into[total..], offset + total, ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
