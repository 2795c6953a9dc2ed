using Microsoft.Data.Sqlite;
using Npgsql;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The first line a replica logs: what it is and where everything is, so an operator reading a log (or a support
/// ticket) knows the setup without the config. No secret is in it: the database shows its kind and where it is.
/// </summary>
public static class StartupBanner
{
    public static void Log(ILogger log, SupernodeOptions o, string? configFile) =>
        log.LogInformation(
            "Supernode {Version} starting: API {ApiAddress}, downloads {DownloadAddress}, advertised as {AdvertiseIP}, home {HomeDir}, " +
            "database {Database}, config {ConfigFile}, {Cluster}",
            SupernodeVersion.Version, Address(o, o.Base.ListenPort, o.Security.ApiTlsInEffect), Address(o, o.Base.DownloadPort, o.Security.DownloadTlsInEffect),
            o.Base.AdvertiseIP, o.Base.HomeDir, Database(o.Database), configFile ?? "none", Cluster(o.Cluster));

    private static string Address(SupernodeOptions o, int port, TlsFiles tls) =>
        SocketActivation.IsActive ? "on sockets from systemd" : $"{(tls.IsSet ? "https" : "http")}://{o.Base.ListenIP}:{port}";

    private static string Database(DatabaseOptions d)
    {
        if (d.Provider == DatabaseProvider.Sqlite) return $"SQLite {new SqliteConnectionStringBuilder(d.ConnectionString).DataSource}";
        var pg = new NpgsqlConnectionStringBuilder(d.ConnectionString);
        return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
    }

    private static string Cluster(ClusterOptions c) =>
        c.SeedNodes.Count == 0 ? "single node" : $"cluster of seeds {string.Join(", ", c.SeedNodes)}";
}
