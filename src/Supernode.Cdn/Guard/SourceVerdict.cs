namespace Supernode.Cdn.Guard;

/// <summary>Whether the supernode may fetch from a source, and if not why, in words fit for a registration answer and a log line.</summary>
public sealed record SourceVerdict(bool Allowed, string Reason)
{
    public static readonly SourceVerdict Allow = new(true, "");

    public static SourceVerdict Deny(string reason) => new(false, reason);
}
