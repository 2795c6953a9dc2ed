using Supernode.Cdn;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// The <c>base:</c> section: the Go supernode's settings under the same YAML names and defaults
/// (<c>docs/protocol.md</c>), plus <see cref="ListenIP"/>, <see cref="SourceReadTimeout"/> and <see cref="SupernodeBudget"/>.
/// Bandwidths are in bytes per second, thresholds in bytes.
/// </summary>
public sealed record BaseOptions
{
    /// <summary>How the CDN copy is made. Only <c>local</c> (pieces on this replica's disk) is implemented.</summary>
    public string CdnPattern { get; init; } = "local";

    /// <summary>Port of the HTTP API (<c>/peer/*</c>, <c>/api/v1</c>, admin).</summary>
    public int ListenPort { get; init; } = 8002;

    /// <summary>Port advertised to clients for fetching pieces of the supernode's own copy.</summary>
    public int DownloadPort { get; init; } = 8001;

    /// <summary>
    /// Root of <c>repo/</c>, <c>logs/</c> and the embedded database. Defaults to <c>$HOME/.supernode</c> rather
    /// than Go's <c>/home/admin/supernode</c>, so a non-root user can start the supernode without setup.
    /// </summary>
    public string HomeDir { get; init; } = DefaultHomeDir(Environment.GetEnvironmentVariable("HOME"));

    /// <summary>Most concurrent uploads assigned to one P2P peer.</summary>
    public int PeerUpLimit { get; init; } = 5;

    /// <summary>Most concurrent pieces handed to one client per <c>/peer/task</c> round.</summary>
    public int PeerDownLimit { get; init; } = 4;

    /// <summary>Service-error threshold of a peer; kept for compatibility, it has no effect in Go either.</summary>
    public int EliminationLimit { get; init; } = 5;

    /// <summary>A client with more consecutive failures is only served from the supernode's copy.</summary>
    public int FailureCountLimit { get; init; } = 5;

    /// <summary>Bandwidth left to the system; the CDN may use <see cref="MaxBandwidth"/> minus this.</summary>
    public long SystemReservedBandwidth { get; init; } = 20 * ByteQuantity.MiB;

    public long MaxBandwidth { get; init; } = 200 * ByteQuantity.MiB;

    /// <summary>Ours: what the download port may send per second, all clients together; 0 for no limit.</summary>
    public long DownloadBandwidth { get; init; }

    /// <summary>What the CDN's source fetches may take per second, all together (Go: maxBandwidth − systemReservedBandwidth).</summary>
    public long SourceBandwidth => MaxBandwidth - SystemReservedBandwidth;

    /// <summary>Serve CPU traces and heap statistics under <c>/debug/pprof</c> (<c>ProfilerEndpoints</c>).</summary>
    public bool EnableProfiler { get; init; }

    /// <summary>Debug logging (and the profiling endpoints, as in Go).</summary>
    public bool Debug { get; init; }

    /// <summary>
    /// IPv4 address peers reach this replica at: prefix of its super CID and the IP of the supernode peer.
    /// Defaults to the host's first non-loopback IPv4 address.
    /// </summary>
    public string AdvertiseIP { get; init; } = HostAddress.FirstNonLoopbackIPv4();

    /// <summary>Address the HTTP API and the download port bind to.</summary>
    public string ListenIP { get; init; } = "0.0.0.0";

    /// <summary>How long a source URL that answered 404 is refused without asking it again.</summary>
    public TimeSpan FailAccessInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Longest wait for the next bytes of a source's body during a CDN copy or piece repair; a longer silence is a
    /// stall, which fails the copy (after a few tries from its last whole piece). Go has no such limit.
    /// </summary>
    public TimeSpan SourceReadTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before the GC loops start.</summary>
    public TimeSpan GCInitialDelay { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Period of the task and peer GC.</summary>
    public TimeSpan GCMetaInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Idle time after which a task is collected.</summary>
    public TimeSpan TaskExpireTime { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Time from a peer's service-down to its collection.</summary>
    public TimeSpan PeerGCDelay { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Period of the disk GC.</summary>
    public TimeSpan GCDiskInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>No disk GC while the free space is above this (a size, or a share of the volume).</summary>
    public DiskThreshold YoungGCThreshold { get; init; } = DiskThreshold.OfBytes(100 * ByteQuantity.GiB);

    /// <summary>Free space at or below this (a size, or a share of the volume) triggers a full disk GC.</summary>
    public DiskThreshold FullGCThreshold { get; init; } = DiskThreshold.OfBytes(5 * ByteQuantity.GiB);

    /// <summary>Access-interval threshold of the disk GC classification (YAML key <c>IntervalThreshold</c>).</summary>
    public TimeSpan IntervalThreshold { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Tenths of the GC candidates deleted per disk GC, 1 to 10 (YAML key <c>CleanRatio</c>).</summary>
    public int CleanRatio { get; init; } = 1;

    /// <summary>
    /// Per task, concurrent piece downloads from the supernode's own copy before demand raises it (one more per 20
    /// clients, up to <see cref="SupernodeBudgetCeiling"/> per Up replica). Go fixes it at <see cref="PeerDownLimit"/>;
    /// set to 0 (the default) it still reads as <see cref="PeerDownLimit"/>.
    /// </summary>
    public int SupernodeBudget
    {
        get => field == 0 ? PeerDownLimit : field;
        init;
    }

    /// <summary>Per task and Up replica, the most demand raises the supernode budget to.</summary>
    public int SupernodeBudgetCeiling { get; init; } = 40;

    /// <summary>
    /// Ours: clients at which a task splits into groups, each scheduled by its own entity, so a hot task is scheduled
    /// on every Up replica (docs/scheduling.md, "One hot task"); also the clients per group.
    /// </summary>
    public int ClientsPerGroup { get; init; } = Supernode.Actors.Scheduling.TaskGroups.ClientsPerGroup;

    /// <summary>
    /// Ours: how long a finished preheat job is kept (answers <c>GET /preheats/{id}</c>, makes a re-POST answer 208)
    /// before it is collected; the swagger's 24 hours, which Go never implemented.
    /// </summary>
    public TimeSpan PreheatRetention { get; init; } = TimeSpan.FromHours(24);

    internal static string DefaultHomeDir(string? home) =>
        Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home,
            ".supernode");
}
