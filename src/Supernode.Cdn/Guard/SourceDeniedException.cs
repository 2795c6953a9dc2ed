namespace Supernode.Cdn.Guard;

/// <summary>
/// Thrown by <see cref="SourceGuard.ConnectAsync"/> instead of opening a connection; the HTTP client wraps it in its
/// <see cref="HttpRequestException"/>, and <see cref="Of"/> finds it there again.
/// </summary>
public sealed class SourceDeniedException(SourceVerdict verdict) : Exception($"source not allowed: {verdict.Reason}")
{
    public SourceVerdict Verdict { get; } = verdict;

    /// <summary>The denial somewhere in <paramref name="e"/>'s chain of inner exceptions, or null.</summary>
    public static SourceDeniedException? Of(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SourceDeniedException denied) return denied;
        return null;
    }
}
