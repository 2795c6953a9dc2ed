namespace Supernode.Cdn;

/// <summary>What a replica's CDN needs to know.</summary>
/// <param name="HomeDir">The supernode home; copies live in <c>&lt;HomeDir&gt;/repo</c>.</param>
public sealed record CdnSettings(string HomeDir)
{
    /// <summary>Budget of each look at the source that reads no body: probe, expiry check, range check (Go: 4 s).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(4);

    public string RepoDir => Path.Combine(HomeDir, "repo");
}
