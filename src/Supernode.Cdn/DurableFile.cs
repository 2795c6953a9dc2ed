namespace Supernode.Cdn;

/// <summary>Small files that must be either the old or the new version after a crash, never a mix.</summary>
internal static class DurableFile
{
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(content);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
