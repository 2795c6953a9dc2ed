using System.Collections.Immutable;

namespace Supernode.Actors.Tasks;

/// <summary>
/// Where a task's content comes from and how to fetch it, as the first registrant described it.
/// Headers may carry source credentials: they are persisted (a restart must be able to fetch again) but never logged.
/// </summary>
/// <param name="Digest">
/// The content's digest (<c>sha256:&lt;hex&gt;</c>) when the task is named by it (<see cref="TaskDigest"/>): any URL
/// serving that content is the same task, and the copy must hash to it. Empty: the task is named by its URL.
/// </param>
/// <param name="DeclaredLength">
/// The content length the first registrant declared (its <c>fileLength</c>), taken instead of asking the source; the
/// copy fails if the source disagrees. 0: the length was measured from the source.
/// </param>
public sealed record TaskSource(
    string RawUrl,
    string TaskUrl,
    string Md5,
    string Identifier,
    ImmutableSortedDictionary<string, string> Headers,
    bool Insecure,
    ImmutableArray<string> RootCAs,
    string Digest = "",
    long DeclaredLength = 0)
{
    /// <summary>
    /// Go equalsTask: same task URL, and the same md5 when one was stored, else the same identifier. A task named by
    /// its content's digest is the same for every URL that names the digest.
    /// </summary>
    public bool IsSameTaskAs(TaskSource other) =>
        Digest.Length > 0 || other.Digest.Length > 0
            ? Digest == other.Digest
            : TaskUrl == other.TaskUrl && (Md5.Length > 0 ? Md5 == other.Md5 : Identifier == other.Identifier);

    /// <summary>The URL without its query and its user info, for logs: either may carry a password, a signature or a token.</summary>
    public string SafeUrl => Redacted(RawUrl);

    /// <summary><paramref name="url"/> without its query and its user info: what logs and error messages may show of any URL a client sent.</summary>
    public static string Redacted(string url)
    {
        var q = url.IndexOfAny(['?', '#']);
        return WithoutPassword(q < 0 ? url : url[..q], "");
    }

    /// <summary>
    /// <paramref name="url"/> with the password of its user info replaced by <paramref name="mask"/> (the whole
    /// user info removed when the mask is empty): what ops may be shown of a source URL.
    /// </summary>
    public static string WithoutPassword(string url, string mask = "***")
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        var authorityStart = scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0) return url;
        var colon = url.IndexOf(':', authorityStart, at - authorityStart);
        var userInfo = mask.Length == 0 ? "" : colon < 0 ? url[authorityStart..(at + 1)] : url[authorityStart..(colon + 1)] + mask + "@";
        return url[..authorityStart] + userInfo + url[(at + 1)..];
    }
}
