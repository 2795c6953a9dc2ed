using Supernode.Cdn.Guard;

namespace Supernode.Cdn;

/// <summary>What a replica's CDN needs to know.</summary>
/// <param name="HomeDir">The supernode home; copies live in <c>&lt;HomeDir&gt;/repo</c>.</param>
public sealed record CdnSettings(string HomeDir)
{
    /// <summary>Go has no such limit, so a stalled source held its copy RUNNING for ever; a minute of silence is a stall.</summary>
    public static readonly TimeSpan DefaultSourceReadTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait for the next bytes of a source's body; a slow body is fine as long as bytes keep coming.</summary>
    public TimeSpan SourceReadTimeout { get; init; } = DefaultSourceReadTimeout;

    /// <summary>Budget of each look at the source that reads no body: probe, expiry check, range check (Go: 4 s).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Piece repairs under way at once on a replica (Go: 4 piece-error workers); more wait their turn.</summary>
    public int MaxConcurrentRepairs { get; init; } = 4;

    /// <summary>Piece repairs that may wait for a turn (Go: a queue of 100); beyond, a repair is refused at once.</summary>
    public int MaxQueuedRepairs { get; init; } = 100;

    /// <summary>
    /// Budget of one piece repair, the source's answer included. A source that ignores Range sends the content from
    /// its start, so a late piece of a very large content may not make it and the repair fails.
    /// </summary>
    public TimeSpan RepairTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Bytes per second all source fetches of the replica may take together (maxBandwidth − systemReservedBandwidth); 0 = no limit.</summary>
    public long SourceBandwidth { get; init; }

    public DiskGcSettings DiskGc { get; init; } = DiskGcSettings.Default;

    /// <summary>What the download port served when: shared with it, read by the disk GC.</summary>
    public CdnUsage Usage { get; init; } = new();

    /// <summary>This replica's cluster address, named when the disk GC tells a task its copy here is gone.</summary>
    public string NodeAddress { get; init; } = "";

    /// <summary>What the replica may fetch; shared with everything else that fetches on a client's word.</summary>
    public SourceGuard Guard { get; init; } = SourceGuard.Default;

    public string RepoDir => Path.Combine(HomeDir, "repo");
}
