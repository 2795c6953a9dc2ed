namespace Supernode.Cdn.Guard;

/// <summary>
/// A host name rule: one name (<c>metadata.google.internal</c>) or every name under a domain (<c>*.internal</c>,
/// not <c>internal</c> itself). Names compare case-insensitively and without a trailing dot, as DNS does.
/// </summary>
public sealed record HostPattern(string Name, bool Subdomains)
{
    /// <summary>
    /// How precisely the rule names a host, so the most precise of several matching rules decides: one name beats
    /// any domain, and a deeper domain beats a shallower one.
    /// </summary>
    public int Specificity => Subdomains ? Name.Count(c => c == '.') + 1 : int.MaxValue;

    /// <exception cref="FormatException">Not a host name or <c>*.</c> followed by one.</exception>
    public static HostPattern Parse(string text)
    {
        var trimmed = text.Trim();
        var subdomains = trimmed.StartsWith("*.", StringComparison.Ordinal);
        var name = Normalize(subdomains ? trimmed[2..] : trimmed);
        if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            throw new FormatException($"\"{text}\" is not a host name like mirror.example.com or *.example.com");
        return new HostPattern(name, subdomains);
    }

    public bool Matches(string host)
    {
        var name = Normalize(host);
        return Subdomains ? name.EndsWith("." + Name, StringComparison.Ordinal) : name == Name;
    }

    public static string Normalize(string host) => host.TrimEnd('.').ToLowerInvariant();

    public override string ToString() => Subdomains ? "*." + Name : Name;
}
