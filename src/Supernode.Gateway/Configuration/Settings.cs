namespace Supernode.Gateway.Configuration;

/// <summary>
/// The catalogue of settings: YAML names and flags of the Go supernode where they exist, ours otherwise.
/// The order is the order of <c>--help</c> and of the rendered YAML.
/// </summary>
internal static class Settings
{
    public static readonly Setting<BaseOptions, long> SystemReservedBandwidth = Base("systemReservedBandwidth", "--system-bandwidth",
        ValueKinds.Rate, b => b.SystemReservedBandwidth, (b, v) => b with { SystemReservedBandwidth = v },
        "bandwidth reserved for the system; the CDN uses max-bandwidth minus this");

    public static readonly Setting<BaseOptions, long> MaxBandwidth = Base("maxBandwidth", "--max-bandwidth",
        ValueKinds.Rate, b => b.MaxBandwidth, (b, v) => b with { MaxBandwidth = v },
        "bandwidth the supernode may use");

    public static readonly Setting<BaseOptions, int> ListenPort = Base("listenPort", "--port", ValueKinds.Port, b => b.ListenPort,
        (b, v) => b with { ListenPort = v }, "port of the HTTP API");

    public static readonly Setting<BaseOptions, int> DownloadPort = Base("downloadPort", "--download-port", ValueKinds.Port, b => b.DownloadPort,
        (b, v) => b with { DownloadPort = v }, "port clients download the supernode's pieces from");

    public static readonly Setting<ClusterOptions, int> ClusterPort = Cluster("port", "--cluster-port",
        ValueKinds.PortOrZero, c => c.Port, (c, v) => c with { Port = v },
        "remoting port (default 0 = any free port without seed nodes, 4053 with)");

    public static readonly Setting<DatabaseOptions, string> ConnectionString = Database("connectionString", "--db-connection-string",
        ValueKinds.AnyText, d => d.ConnectionString, (d, v) => d with { ConnectionString = v },
        "connection string (default for sqlite: Data Source=<home-dir>/supernode.db; required for postgresql)");

    public static readonly Setting<SecurityOptions, string> AdminToken = Security("adminToken", "--admin-token",
        ValueKinds.AnyText, s => s.AdminToken, (s, v) => s with { AdminToken = v },
        "token the admin endpoints require (default: none, no authentication)");

    public static readonly TlsSettings SharedTls = Tls("tls", "--tls", "both ports", s => s.Tls, (s, v) => s with { Tls = v });

    public static readonly TlsSettings ApiTls = Tls("apiTls", "--api-tls", "the API port", s => s.ApiTls, (s, v) => s with { ApiTls = v });

    public static readonly TlsSettings DownloadTls = Tls("downloadTls", "--download-tls", "the download port",
        s => s.DownloadTls, (s, v) => s with { DownloadTls = v });

    public static readonly IReadOnlyList<TlsSettings> TlsGroups = [SharedTls, ApiTls, DownloadTls];

    /// <summary>Settings whose values are never printed: not by <c>config default</c>, not in an error message.</summary>
    public static readonly IReadOnlySet<Setting> Secret = new HashSet<Setting>([AdminToken, .. TlsGroups.Select(g => g.Password)]);

    public static readonly IReadOnlyList<Setting> All =
    [
        Base("cdnPattern", "--cdn-pattern", ValueKinds.CdnPattern, b => b.CdnPattern, (b, v) => b with { CdnPattern = v },
            "how the CDN copy is made; only local is supported"),
        ListenPort,
        DownloadPort,
        Base("homeDir", "--home-dir", ValueKinds.Directory, b => b.HomeDir, (b, v) => b with { HomeDir = v },
            "working directory: repo/, logs/, the SQLite database"),
        Base("peerUpLimit", "--up-limit", ValueKinds.Limit, b => b.PeerUpLimit, (b, v) => b with { PeerUpLimit = v },
            "most concurrent uploads assigned to one peer"),
        Base("peerDownLimit", "--down-limit", ValueKinds.Limit, b => b.PeerDownLimit, (b, v) => b with { PeerDownLimit = v },
            "most concurrent pieces handed to one client"),
        Base("eliminationLimit", null, ValueKinds.Limit, b => b.EliminationLimit, (b, v) => b with { EliminationLimit = v },
            "service-error threshold of a peer"),
        Base("failureCountLimit", null, ValueKinds.Limit, b => b.FailureCountLimit, (b, v) => b with { FailureCountLimit = v },
            "consecutive failures after which a client is served by the supernode only"),
        SystemReservedBandwidth,
        MaxBandwidth,
        Base("downloadBandwidth", "--download-bandwidth", ValueKinds.Rate, b => b.DownloadBandwidth, (b, v) => b with { DownloadBandwidth = v },
            "bandwidth the download port may send with, all clients together (default 0: no limit)"),
        Base("enableProfiler", "--profiler", ValueKinds.Switch, b => b.EnableProfiler, (b, v) => b with { EnableProfiler = v },
            "serve CPU traces and heap statistics under /debug/pprof (admin token)"),
        Base("debug", "--debug", ValueKinds.Switch, b => b.Debug, (b, v) => b with { Debug = v },
            "debug logging (also -D)"),
        Base("advertiseIP", "--advertise-ip", ValueKinds.IPv4, b => b.AdvertiseIP, (b, v) => b with { AdvertiseIP = v },
            "IPv4 address peers reach this replica at (default: first non-loopback IPv4 of the host)"),
        Base("listenIP", "--listen-ip", ValueKinds.BindAddress, b => b.ListenIP, (b, v) => b with { ListenIP = v },
            "address the HTTP API and download port bind to"),
        Base("failAccessInterval", "--fail-access-interval", ValueKinds.Delay, b => b.FailAccessInterval, (b, v) => b with { FailAccessInterval = v },
            "how long a source URL that answered 404 is refused"),
        Base("sourceReadTimeout", "--source-read-timeout", ValueKinds.Period, b => b.SourceReadTimeout, (b, v) => b with { SourceReadTimeout = v },
            "longest wait for the next bytes of a source's body; a longer stall fails the CDN copy"),
        Base("gcInitialDelay", "--gc-initial-delay", ValueKinds.Delay, b => b.GCInitialDelay, (b, v) => b with { GCInitialDelay = v },
            "delay before the GC loops start"),
        Base("gcMetaInterval", "--gc-meta-interval", ValueKinds.Period, b => b.GCMetaInterval, (b, v) => b with { GCMetaInterval = v },
            "period of the task and peer GC"),
        Base("taskExpireTime", "--task-expire-time", ValueKinds.Delay, b => b.TaskExpireTime, (b, v) => b with { TaskExpireTime = v },
            "idle time after which a task is collected"),
        Base("peerGCDelay", "--peer-gc-delay", ValueKinds.Delay, b => b.PeerGCDelay, (b, v) => b with { PeerGCDelay = v },
            "time from a peer's service-down to its collection"),
        Base("gcDiskInterval", null, ValueKinds.Period, b => b.GCDiskInterval, (b, v) => b with { GCDiskInterval = v },
            "period of the disk GC"),
        Base("youngGCThreshold", null, ValueKinds.SizeOrShare, b => b.YoungGCThreshold, (b, v) => b with { YoungGCThreshold = v },
            "no disk GC while the free space is above this"),
        Base("fullGCThreshold", null, ValueKinds.SizeOrShare, b => b.FullGCThreshold, (b, v) => b with { FullGCThreshold = v },
            "free space at or below this triggers a full disk GC"),
        Base("IntervalThreshold", null, ValueKinds.Delay, b => b.IntervalThreshold, (b, v) => b with { IntervalThreshold = v },
            "access-interval threshold of the disk GC"),
        Base("CleanRatio", null, ValueKinds.Tenths, b => b.CleanRatio, (b, v) => b with { CleanRatio = v },
            "tenths of the GC candidates deleted per disk GC"),
        Base("preheatRetention", "--preheat-retention", ValueKinds.Period, b => b.PreheatRetention, (b, v) => b with { PreheatRetention = v },
            "how long a finished preheat job is kept before it is collected"),
        Base("supernodeBudget", "--supernode-budget", ValueKinds.LimitOrZero, b => b.SupernodeBudget, (b, v) => b with { SupernodeBudget = v },
            "per task, concurrent piece downloads from the supernode's copy before demand raises it (default: 0 = down-limit)"),
        Base("supernodeBudgetCeiling", "--supernode-budget-ceiling", ValueKinds.Limit, b => b.SupernodeBudgetCeiling,
            (b, v) => b with { SupernodeBudgetCeiling = v },
            "per task and Up replica, most concurrent piece downloads from the supernode's copy that demand can raise the budget to"),
        Base("clientsPerGroup", "--clients-per-group", ValueKinds.Limit, b => b.ClientsPerGroup, (b, v) => b with { ClientsPerGroup = v },
            "clients at which a task is split into groups scheduled on every replica, and per group"),

        Cluster("host", "--cluster-host", ValueKinds.HostName, c => c.Host, (c, v) => c with { Host = v },
            "address remoting binds to (default: listen-ip with seed nodes, else 127.0.0.1)"),
        ClusterPort,
        Cluster("publicHost", "--cluster-public-host", ValueKinds.HostName, c => c.PublicHost, (c, v) => c with { PublicHost = v },
            "host name other replicas reach this one at (default: advertise-ip with seed nodes, else 127.0.0.1)"),
        Cluster("seedNodes", "--seed-nodes", ValueKinds.SeedNodes, c => c.SeedNodes, (c, v) => c with { SeedNodes = v },
            "comma-separated akka.tcp://supernode@host:port addresses to join (default: none, a cluster of one)"),
        Cluster("roles", "--roles", ValueKinds.Roles, c => c.Roles, (c, v) => c with { Roles = v },
            "comma-separated cluster roles of this replica (default: none)"),

        Database("provider", "--db-provider", ValueKinds.Provider, d => d.Provider, (d, v) => d with { Provider = v },
            "journal and snapshot store: sqlite (one replica) or postgresql (shared)"),
        ConnectionString,

        AdminToken,
        .. TlsGroups.SelectMany(g => new Setting[] { g.Certificate, g.Key, g.Password }),
        Security("deniedNetworks", "--denied-networks", ValueKinds.Networks, s => s.DeniedNetworks, (s, v) => s with { DeniedNetworks = v },
            "CIDR blocks the supernode never fetches sources from, besides cloud metadata and link-local (default: none)"),
        Security("allowedNetworks", "--allowed-networks", ValueKinds.Networks, s => s.AllowedNetworks, (s, v) => s with { AllowedNetworks = v },
            "CIDR blocks allowed although a wider denied block holds them (default: none)"),
        Security("deniedHosts", "--denied-hosts", ValueKinds.HostPatterns, s => s.DeniedHosts, (s, v) => s with { DeniedHosts = v },
            "source host names never fetched, besides the metadata names; *.domain for every name under it (default: none)"),
        Security("allowedHosts", "--allowed-hosts", ValueKinds.HostPatterns, s => s.AllowedHosts, (s, v) => s with { AllowedHosts = v },
            "host names allowed although a wider denied name holds them (default: none)"),
    ];

    /// <summary>Keys of the Go <c>base:</c> section that the supernode reads but does not use; accepted and ignored.</summary>
    public static readonly IReadOnlySet<string> IgnoredBaseKeys =
        new HashSet<string>(["schedulerCorePoolSize", "linkLimit", "logConfig", "downloadPath"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Go flags of unused settings, taking a value; accepted and ignored so Go command lines still work.</summary>
    public static readonly IReadOnlySet<string> IgnoredFlags = new HashSet<string>(["--pool-size"], StringComparer.Ordinal);

    private static Setting<BaseOptions, T> Base<T>(string key, string? flag, ValueKind<T> kind,
        Func<BaseOptions, T> get, Func<BaseOptions, T, BaseOptions> set, string description) where T : notnull =>
        new("base", key, flag, description, kind, o => o.Base, get, set);

    private static Setting<ClusterOptions, T> Cluster<T>(string key, string? flag, ValueKind<T> kind,
        Func<ClusterOptions, T> get, Func<ClusterOptions, T, ClusterOptions> set, string description) where T : notnull =>
        new("cluster", key, flag, description, kind, o => o.Cluster, get, set);

    private static Setting<DatabaseOptions, T> Database<T>(string key, string? flag, ValueKind<T> kind,
        Func<DatabaseOptions, T> get, Func<DatabaseOptions, T, DatabaseOptions> set, string description) where T : notnull =>
        new("database", key, flag, description, kind, o => o.Database, get, set);

    /// <param name="key">Prefix of the three keys: <c>tls</c> gives <c>tlsCertificate</c>, <c>tlsKey</c>, <c>tlsPassword</c>.</param>
    /// <param name="flag">Prefix of the three flags: <c>--tls</c> gives <c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-password</c>.</param>
    private static TlsSettings Tls(string key, string flag, string ports,
        Func<SecurityOptions, TlsFiles> get, Func<SecurityOptions, TlsFiles, SecurityOptions> set) => new(
        Security(key + "Certificate", flag + "-cert", ValueKinds.FilePath, s => get(s).Certificate, (s, v) => set(s, get(s) with { Certificate = v }),
            $"PEM or PKCS#12 certificate file: {ports} serve HTTPS only (default: none, plain HTTP as dfget 1.x speaks)"),
        Security(key + "Key", flag + "-key", ValueKinds.FilePath, s => get(s).Key, (s, v) => set(s, get(s) with { Key = v }),
            $"PEM private key of the certificate of {ports}, when not in the certificate file"),
        Security(key + "Password", flag + "-password", ValueKinds.AnyText, s => get(s).Password, (s, v) => set(s, get(s) with { Password = v }),
            $"password of the PKCS#12 file or encrypted key of {ports}; better set in the environment than on a command line"),
        get);

    private static Setting<SecurityOptions, T> Security<T>(string key, string? flag, ValueKind<T> kind,
        Func<SecurityOptions, T> get, Func<SecurityOptions, T, SecurityOptions> set, string description) where T : notnull =>
        new("security", key, flag, description, kind, o => o.Security, get, set);
}
