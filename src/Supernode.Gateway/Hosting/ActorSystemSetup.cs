using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Remote.Hosting;
using LinqToDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Preheat;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Cdn;
using Supernode.Cdn.Guard;
using Supernode.Cdn.Registry;
using Supernode.Gateway.Admin;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The actor system of a replica: cluster, persistence, the task, peer and preheat shard regions, the preheat
/// keeper (a cluster singleton) and the CDN manager.
/// </summary>
public static class ActorSystemSetup
{
    /// <param name="usage">What the download port serves, shared with the CDN's disk GC.</param>
    /// <param name="guard">What the CDN may fetch.</param>
    public static IServiceCollection AddSupernodeActors(this IServiceCollection services, SupernodeOptions o, CdnUsage usage, SourceGuard guard)
    {
        var (journal, snapshot) = PersistenceFor(o.Database);
        services.AddSingleton<MemberUpTimes>();
        services.AddSingleton<Reachability>();
        services.AddSingleton<TaskDirectory>();
        services.AddSingleton<TaskCalls>();
        services.AddSingleton<TaskRegistration>();
        services.AddSingleton(_ => new RegistryClient(RegistryTimeout, guard));
        services.AddAkka(Configuration.ClusterOptions.SystemName, (b, sp) =>
        {
            b.ConfigureLoggers(l =>
                {
                    l.ClearLoggers();
                    l.AddLogger<AkkaLogBridge>();
                })
                .WithRemoting(new RemoteOptions { HostName = o.Cluster.Host, Port = o.Cluster.Port, PublicHostName = o.Cluster.PublicHost })
                .WithClustering(new Akka.Cluster.Hosting.ClusterOptions
                {
                    SeedNodes = o.Cluster.SeedNodes.ToArray(),
                    Roles = o.Cluster.Roles.ToArray(),
                    SplitBrainResolver = new KeepMajorityOption(),
                })
                .AddHocon(ClusterTuning.Hocon, HoconAddMode.Prepend)
                .AddHocon(AkkaFallbackLogger.Hocon, HoconAddMode.Prepend)
                .WithActorSystemLivenessCheck()
                .WithAkkaClusterReadinessCheck()
                .AddSqlitePersistenceConnection(o.Database)
                .WithJournalAndSnapshot(journal, snapshot,
                    j => j.WithHealthCheck(HealthStatus.Unhealthy),
                    s => s.WithHealthCheck(HealthStatus.Unhealthy))
                .WithDistributedPubSub(role: null!)
                .WithCustomSerializer("supernode", [typeof(ISupernodeMessage)], s => new SupernodeSerializer(s))
                .WithStrictSerialization()
                .WithTaskEntities(system => TaskSettings(system, o))
                .WithPeerEntities(new PeerExpiry(o.Base.GCMetaInterval, o.Base.TaskExpireTime + o.Base.PeerGCDelay))
                .WithPreheatJobs(new PreheatEntitySettings(o.Base.PreheatRetention), sp.GetRequiredService<RegistryClient>,
                    system => ct => new EntityDirectory(system).IdsAsync(ShardNames.Preheat, ct), PreheatSweep)
                .WithCdnManager(system => CdnSettingsFor(o, usage, guard, Cluster.Get(system).SelfAddress.ToString()))
                .WithActors((system, registry) =>
                {
                    registry.Register<PeerRecordRelay>(system.ActorOf(EntityRelay.Props(registry.Get<PeerRegion>(), PeerRecords), "peer-records"));
                    registry.Register<TaskCommandRelay>(system.ActorOf(EntityRelay.Props(registry.Get<TaskRegion>(), RelayedTaskCommands), "task-commands"));
                    sp.GetRequiredService<MemberUpTimes>().Watch(system);
                    sp.GetRequiredService<Reachability>().Watch(system);
                    sp.GetRequiredService<TaskDirectory>().Watch(system);
                })
                .AddStartup((system, _) =>
                {
                    // One replica without seed nodes is its own cluster (the embedded default).
                    if (o.Cluster.SeedNodes.Count == 0)
                    {
                        var cluster = Cluster.Get(system);
                        cluster.Join(cluster.SelfAddress);
                    }
                });
        });
        return services;
    }

    /// <summary>
    /// Peer records follow the registrations at a pace that leaves the database to them: held back while registrations
    /// keep coming (less than 300 ms apart, for at most 5 s), then two written at a time, each tried again for about half
    /// a minute (a replica being replaced, a database restarting). Two rather than eight: in a storm of 50 new tasks × 20
    /// on three replicas, the registrations' p99 fell from 2.6 to 1.9 s and the replicas' CPU by a quarter
    /// (docs/benchmarks.md).
    /// </summary>
    private static readonly EntityRelaySettings PeerRecords = new(Concurrency: 2, AskTimeout: TimeSpan.FromSeconds(10), Attempts: 5,
        RetryAfter: TimeSpan.FromSeconds(5), KeyOfMessage: m => m is PeerCommands.Register r ? $"{r.PeerId} {r.TaskId} {r.Cid}" : null,
        Hold: TimeSpan.FromMilliseconds(300), MaxHold: TimeSpan.FromSeconds(5));

    /// <summary>
    /// A piece report, or a registration answered from the task's announcement, that its task did not take in time
    /// reaches it once it answers again: tried every second for about a minute, longer than the cluster takes to
    /// replace a lost replica.
    /// </summary>
    private static readonly EntityRelaySettings RelayedTaskCommands = new(Concurrency: 32, AskTimeout: TimeSpan.FromSeconds(3), Attempts: 15,
        RetryAfter: TimeSpan.FromSeconds(1));

    /// <summary>How long one registry request of an image preheat may take.</summary>
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the keeper wakes unfinished preheat jobs: after a replica dies, its jobs resume within this (plus
    /// the time the cluster takes to down it). Each sweep lists the journal's preheat ids, one query.
    /// </summary>
    private static readonly TimeSpan PreheatSweep = TimeSpan.FromSeconds(5);

    private static TaskEntitySettings TaskSettings(ActorSystem system, SupernodeOptions o)
    {
        var cluster = Cluster.Get(system);
        var local = new CdnLocation(cluster.SelfAddress.ToString(), o.Base.AdvertiseIP, o.Base.DownloadPort, new CdnRepo(o.RepoDir).Identity());
        return new TaskEntitySettings(
            local,
            address => cluster.State.IsUpAndReachable(m => m.Address.ToString() == address),
            o.Base.FailAccessInterval,
            ReplyTimeout: Deadlines.CdnReply,
            Scheduler: new SchedulerSettings
            {
                PeerDownLimit = o.Base.PeerDownLimit,
                PeerUpLimit = o.Base.PeerUpLimit,
                FailureCountLimit = o.Base.FailureCountLimit,
                EliminationLimit = o.Base.EliminationLimit,
                SupernodeBudget = o.Base.SupernodeBudget,
                SupernodeBudgetCeiling = o.Base.SupernodeBudgetCeiling,
            },
            Expiry: new TaskExpiry(o.Base.GCMetaInterval, o.Base.TaskExpireTime, o.Base.PeerGCDelay),
            UpReplicas: () => cluster.State.Members.Count(m => m.Status == MemberStatus.Up),
            Announce: TaskDirectory.Publisher(system),
            ReplicaRegistrations: new RegistrationActivity(),
            ClientsPerGroup: o.Base.ClientsPerGroup);
    }

    private static CdnSettings CdnSettingsFor(SupernodeOptions o, CdnUsage usage, SourceGuard guard, string nodeAddress) => new(o.Base.HomeDir)
    {
        ProbeTimeout = Deadlines.SourceProbe,
        Guard = guard,
        SourceBandwidth = o.Base.SourceBandwidth,
        SourceReadTimeout = o.Base.SourceReadTimeout,
        DiskGc = new DiskGcSettings(o.Base.GCDiskInterval, o.Base.GCInitialDelay, o.Base.YoungGCThreshold, o.Base.FullGCThreshold,
            o.Base.CleanRatio, o.Base.TaskExpireTime, o.Base.IntervalThreshold),
        Usage = usage,
        NodeAddress = nodeAddress,
    };

    /// <summary>On SQLite, the journal and snapshot store open <see cref="SqlitePersistenceConnection"/>s.</summary>
    private static AkkaConfigurationBuilder AddSqlitePersistenceConnection(this AkkaConfigurationBuilder b, DatabaseOptions db) =>
        db.Provider == DatabaseProvider.Sqlite ? b.AddSetup(new DataOptionsSetup(SqlitePersistenceConnection.DataOptions(db.ConnectionString))) : b;

    private static (SqlJournalOptions, SqlSnapshotOptions) PersistenceFor(DatabaseOptions db) => db.Provider switch
    {
        // SQLite has a single writer, and its reads begin deferred (SqlitePersistenceConnection). Tables are created on
        // first use so a fresh home dir just works.
        DatabaseProvider.Sqlite => (
            new SqlJournalOptions(db.ConnectionString, ProviderName.SQLiteMS, parallelism: 1, SqlitePersistenceConnection.ReadIsolationHocon) { AutoInitialize = true },
            new SqlSnapshotOptions(db.ConnectionString, ProviderName.SQLiteMS, SqlitePersistenceConnection.ReadIsolationHocon) { AutoInitialize = true }),
        _ => PostgresPersistence(PostgresPool.ConnectionString(db.ConnectionString)),
    };

    /// <summary>The journal and snapshot store on one PostgreSQL pool, the one <see cref="PostgresPool"/> warms up.</summary>
    private static (SqlJournalOptions, SqlSnapshotOptions) PostgresPersistence(string connectionString) => (
        new SqlJournalOptions(connectionString, ProviderName.PostgreSQL15, parallelism: 3) { AutoInitialize = true },
        new SqlSnapshotOptions(connectionString, ProviderName.PostgreSQL15) { AutoInitialize = true });
}
