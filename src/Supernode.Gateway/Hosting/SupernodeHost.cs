using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Supernode.Actors.Metrics;
using Supernode.Cdn;
using Supernode.Cdn.Guard;
using Supernode.Cdn.Serving;
using Supernode.Gateway.Admin;
using Supernode.Gateway.Configuration;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Http;
using Supernode.Gateway.Metrics;
using Supernode.Gateway.Rest;

namespace Supernode.Gateway.Hosting;

/// <summary>Builds one supernode replica: the API port, the download port, the actor system, logging.</summary>
public static class SupernodeHost
{
    /// <summary>How long a SIGTERM may take: leave the cluster, hand shards over, finish answers.</summary>
    public static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(12);

    /// <summary>Connections waiting to be accepted on each port.</summary>
    public const int ListenBacklog = 4096;

    public static WebApplication Build(SupernodeOptions o)
    {
        var apiCertificate = o.Security.ApiTlsInEffect is { IsSet: true } apiTls ? apiTls.Load() : null;
        var downloadCertificate = o.Security.DownloadTlsInEffect is { IsSet: true } downloadTls ? downloadTls.Load() : null;
        var guard = new SourceGuard(o.Security.SourcePolicy());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Host.UseSerilog((_, lc) => ConfigureLogging(lc, o));
        builder.Host.ConfigureHostOptions(h => h.ShutdownTimeout = ShutdownBudget);
        // A fleet connects at once: the default backlog of 512 drops the SYNs beyond it, and each dropped client waits
        // a second for its retransmission. The kernel caps it at net.core.somaxconn.
        builder.WebHost.UseSockets(s => s.Backlog = ListenBacklog);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            RequestLimits.Apply(k.Limits);
            // The service manager holds the sockets across restarts: clients queue instead of being refused.
            if (SocketActivation.IsActive) k.ListenHandle(SocketActivation.ApiPortFd, listen => listen.UseTls(apiCertificate));
            else k.Listen(IPAddress.Parse(o.Base.ListenIP), o.Base.ListenPort, listen => listen.UseTls(apiCertificate));
            // Plain HTTP on the download port is served by DownloadPortService (sendfile); TLS must copy, so Kestrel does.
            if (downloadCertificate is null) return;
            if (SocketActivation.IsActive) k.ListenHandle(SocketActivation.DownloadPortFd, listen => listen.UseTls(downloadCertificate));
            else k.Listen(IPAddress.Parse(o.Base.ListenIP), o.Base.DownloadPort, listen => listen.UseTls(downloadCertificate));
        });

        builder.Services.AddSingleton(new DatabaseHealthCheck(o.Database));
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Warmup>(sp, ReplicaId(o), o.Database));
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("database", sp => sp.GetRequiredService<DatabaseHealthCheck>(), HealthStatus.Unhealthy, []))
            .Add(new HealthCheckRegistration("warmup", sp => sp.GetRequiredService<Warmup>(), HealthStatus.Unhealthy, []));
        builder.Services.AddSingleton(o);
        builder.Services.AddSingleton<EntityDirectory>();
        // One guard for everything that fetches on a client's word (the CDN here, preheat).
        builder.Services.AddSingleton(guard);
        builder.Services.AddHostedService<ClusterMetrics>();
        var usage = new CdnUsage();
        var uploadBudget = new ByteRateLimiter(o.Base.DownloadBandwidth, GcMetrics.DownloadBytes);
        if (downloadCertificate is null) builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DownloadPortService>(sp, uploadBudget, usage));
        builder.Services.AddSupernodeActors(o, usage, guard);
        // After the actor system's own hosted service: it warms up what that service started.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Warmup>());

        var app = builder.Build();
        if (downloadCertificate is not null) app.UseDownloadPort(o.Base.DownloadPort, DownloadPortHandler.For(o.RepoDir, uploadBudget, usage));
        app.UseRequestLogs();
        app.UseCleanPaths();
        app.UseVersionPrefix();
        app.UseGoHttpMetrics();
        app.UseDfgetCallMetrics();
        app.UseGoNotFound();
        app.UseRouting();
        app.UseExactPaths();
        app.UseAdminToken(o.Security.AdminToken);
        app.MapListings();
        app.MapOpenApi();
        app.MapSystem();
        app.MapRegistry();
        app.MapPieceTask();
        app.MapPieceReports();
        app.MapTaskMetrics();
        app.MapPeerHeartbeat();
        app.MapTasks();
        app.MapTaskCreate();
        app.MapTaskUpdate();
        app.MapRestPieces();
        app.MapPreheats();
        app.MapCluster();
        app.MapClusterTasks();
        app.MapPeers();
        app.MapShards();
        app.MapProfiler(o.Base.EnableProfiler || o.Base.Debug);
        app.MapStatusPage();
        app.MapMetrics();
        MetricCatalog.RegisterAll();
        GcMetrics.SourceBandwidthLimit.Set(o.Base.SourceBandwidth);
        GcMetrics.DownloadBandwidthLimit.Set(o.Base.DownloadBandwidth);
        return app;
    }

    /// <summary>A name for this replica that stays the same across its restarts: where it is reached.</summary>
    private static string ReplicaId(SupernodeOptions o) => $"{o.Base.AdvertiseIP}-{o.Base.ListenPort}";

    /// <summary>
    /// The host's "Hosting failed to start" with the whole stack trace: Program already says on one line why the
    /// process stops (e.g. a port in use), so the console skips it; app.log keeps it.
    /// </summary>
    private static bool IsStartupFault(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains("HostedServiceStartupFaulted", StringComparison.Ordinal);

    private static void ConfigureLogging(LoggerConfiguration lc, SupernodeOptions o) => lc
        .MinimumLevel.Is(o.Base.Debug ? LogEventLevel.Debug : LogEventLevel.Information)
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        // A probe that finds the replica not ready (starting, warming up, database down) is no error: readiness says
        // why, and the journal and warm-up log their own problems once.
        .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
        .MinimumLevel.Override("LinqToDB", LogEventLevel.Warning)
        // Akka's internals (remoting, cluster membership, sharding, dead letters) speak up when something is wrong;
        // --debug shows their story too.
        .MinimumLevel.Override("Akka", o.Base.Debug ? LogEventLevel.Debug : LogEventLevel.Warning)
        // Warns "failed to find the singleton after 30 seconds" each second the cluster is still forming at start.
        .MinimumLevel.Override("Akka.Cluster.Tools.Singleton.ClusterSingletonProxy", LogEventLevel.Error)
        .Enrich.FromLogContext()
        .WriteTo.Logger(console => console
            .Filter.ByExcluding(IsStartupFault)
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}"))
        .WriteTo.File(new CompactJsonFormatter(), Path.Combine(o.LogDir, "app.log"),
            fileSizeLimitBytes: 40L * 1024 * 1024, rollOnFileSizeLimit: true, retainedFileCountLimit: 2);
}
