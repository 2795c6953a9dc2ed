namespace Supernode.Testing;

/// <summary>Test contents made on the fly from a seed, so large files need not be stored.</summary>
public static class SeededContent
{
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="length"/> seeded bytes to <paramref name="path"/> in bounded memory.</summary>
    public static void WriteFile(string path, long length, int seed)
    {
        var random = new Random(seed);
        var chunk = new byte[1024 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (long left = length; left > 0; left -= chunk.Length)
        {
            random.NextBytes(chunk);
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }
}
