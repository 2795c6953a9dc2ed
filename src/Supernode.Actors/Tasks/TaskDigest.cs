namespace Supernode.Actors.Tasks;

/// <summary>
/// A task named by its content (docs/protocol.md, "Tasks named by their content"): a client that knows the digest of
/// what it downloads (a registry's <c>Docker-Content-Digest</c>) gives it as <c>taskId</c>, and every URL serving that
/// content is then one task. Only <c>sha256:</c> followed by 64 lowercase hex digits is accepted: the task's id is
/// those digits, in the one namespace of 64-hex task ids, and the CDN copy must hash to them.
/// </summary>
public static class TaskDigest
{
    public const string Prefix = "sha256:";

    private const int HexLength = 64;

    /// <summary>True with the task id (the hex digits) when <paramref name="digest"/> is a sha256 digest; else a one-line reason.</summary>
    public static bool TryTaskId(string digest, out string taskId, out string problem)
    {
        taskId = "";
        problem = "";
        if (!digest.StartsWith(Prefix, StringComparison.Ordinal)
            || digest.Length != Prefix.Length + HexLength
            || !IsLowerHex(digest.AsSpan(Prefix.Length)))
        {
            problem = $"taskId '{Shorten(digest)}' is not a content digest: expected sha256: and 64 lowercase hex digits";
            return false;
        }
        taskId = digest[Prefix.Length..];
        return true;
    }

    /// <summary>The digest a copy's content has, in the form a task is named by.</summary>
    public static string Of(string sha256Hex) => Prefix + sha256Hex;

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiHexDigitLower(c)) return false;
        return true;
    }

    /// <summary>An echo of what was sent, bounded: the message goes back to the client and into logs.</summary>
    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
