using System.Security.Cryptography;
using System.Text;

namespace Supernode.Cdn;

/// <summary>
/// A task's <c>.md5</c> file: one piece md5 string per line in piece order, then the content md5, then the sha1
/// of all those lines concatenated, joined by <c>\n</c> with no trailing newline. It lets a restarted replica
/// report a cached copy without reading it.
/// </summary>
public static class PieceMd5File
{
    public static string Format(IReadOnlyList<string> pieceMd5s, string fileMd5)
    {
        var lines = new List<string>(pieceMd5s.Count + 2);
        lines.AddRange(pieceMd5s);
        lines.Add(fileMd5);
        lines.Add(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(lines)))));
        return string.Join('\n', lines);
    }

    /// <summary>Nothing is written for a copy without pieces (Go writePieceMD5s).</summary>
    public static void Write(string path, IReadOnlyList<string> pieceMd5s, string fileMd5)
    {
        if (pieceMd5s.Count == 0) return;
        DurableFile.Replace(path, Encoding.UTF8.GetBytes(Format(pieceMd5s, fileMd5)));
    }

    /// <summary>
    /// The piece md5s of a valid file: its sha1 line matches and its content md5 is <paramref name="expectedFileMd5"/>.
    /// Anything else (missing, corrupt, another content) reads as an empty list.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text, string expectedFileMd5)
    {
        var lines = text.Trim().Split('\n');
        if (lines.Length < 3) return [];
        var sha1 = lines[^1];
        var fileMd5 = lines[^2];
        var covered = string.Concat(lines[..^1]);
        if (fileMd5 != expectedFileMd5) return [];
        if (Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(covered))) != sha1) return [];
        return lines[..^2];
    }

    public static IReadOnlyList<string> Read(string path, string expectedFileMd5)
    {
        try
        {
            return Parse(File.ReadAllText(path), expectedFileMd5);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }
}
