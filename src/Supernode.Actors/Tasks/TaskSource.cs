using System.Collections.Immutable;

namespace Supernode.Actors.Tasks;

/// <summary>
/// Where a task's content comes from and how to fetch it, as the first registrant described it.
/// Headers may carry source credentials: they are persisted (a restart must be able to fetch again) but never logged.
/// </summary>
public sealed record TaskSource(
    string RawUrl,
    string TaskUrl,
    string Md5,
    string Identifier,
    ImmutableSortedDictionary<string, string> Headers,
    bool Insecure,
    ImmutableArray<string> RootCAs)
{
    /// <summary>Go equalsTask: same task URL, and the same md5 when one was stored, else the same identifier.</summary>
    public bool IsSameTaskAs(TaskSource other) =>
        TaskUrl == other.TaskUrl && (Md5.Length > 0 ? Md5 == other.Md5 : Identifier == other.Identifier);

    /// <summary>The URL without its query, for logs: a query may carry a signature or a token.</summary>
    public string SafeUrl
    {
        get
        {
            var q = RawUrl.IndexOfAny(['?', '#']);
            return q < 0 ? RawUrl : RawUrl[..q];
        }
    }
}
