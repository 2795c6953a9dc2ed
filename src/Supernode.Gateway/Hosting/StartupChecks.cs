using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// What the machine must give a replica before anything starts: a home directory it can write, the embedded database
/// file, free ports. A problem is one line naming the setting that chose the path or port and the cause, printed
/// before the actor system, Kestrel or the logs start (the process then exits with 1, an environment problem).
/// Creates the directories and prepares the SQLite file on the way.
/// </summary>
public static class StartupChecks
{
    /// <summary>The first problem found, or null when the replica can start.</summary>
    public static string? FirstProblem(SupernodeOptions o) =>
        WritableDirectory(o.Base.HomeDir, "--home-dir (base.homeDir)")
        ?? WritableDirectory(o.RepoDir, o.RepoDir.StartsWith(o.Base.HomeDir, StringComparison.Ordinal)
            ? "--home-dir (base.homeDir)" : "the local storage's baseDir (storages.local.baseDir)")
        ?? WritableDirectory(o.LogDir, "--home-dir (base.homeDir)")
        ?? EmbeddedDatabase(o.Database)
        ?? FreePorts(o);

    /// <summary>The line for a port Kestrel could not take after all (taken between the check and the start).</summary>
    public static string PortInUse(SupernodeOptions o, int port, string reason)
    {
        var (flag, key) = port == o.Base.DownloadPort ? ("--download-port", "base.downloadPort") : ("--port", "base.listenPort");
        return $"cannot listen on {o.Base.ListenIP}:{port} given by {flag} ({key}): {reason}";
    }

    private static string? WritableDirectory(string path, string givenBy)
    {
        try
        {
            Directory.CreateDirectory(path);
            // Root passes permission checks, a read-only file system does not: only writing proves it.
            using var probe = new FileStream(Path.Combine(path, $".write-check-{Environment.ProcessId}"), FileMode.Create, FileAccess.Write,
                FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot use the directory {path} given by {givenBy}: {Reason(e)}";
        }
    }

    /// <summary>WAL lets readers (queries, health checks) proceed while the single writer appends events.</summary>
    private static string? EmbeddedDatabase(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return null;
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            using var connection = new SqliteConnection(database.ConnectionString);
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            pragma.ExecuteNonQuery();
            return null;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return $"cannot open the database {file} given by --db-connection-string (database.connectionString): {Reason(e)}";
        }
    }

    /// <summary>Ports held by another process. Under socket activation the service manager holds them.</summary>
    private static string? FreePorts(SupernodeOptions o)
    {
        if (SocketActivation.IsActive) return null;
        var ip = IPAddress.Parse(o.Base.ListenIP);
        foreach (var port in new[] { o.Base.ListenPort, o.Base.DownloadPort })
            if (BindProblem(ip, port) is { } reason) return PortInUse(o, port, reason);
        if (o.Cluster.Port != 0 && IPAddress.TryParse(o.Cluster.Host, out var clusterIp) && BindProblem(clusterIp, o.Cluster.Port) is { } clusterReason)
            return $"cannot listen on {o.Cluster.Host}:{o.Cluster.Port} given by --cluster-port (cluster.port): {clusterReason}";
        return null;
    }

    private static string? BindProblem(IPAddress ip, int port)
    {
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // As Kestrel binds: a port left in TIME_WAIT by the last run is free.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }

    private static string Reason(Exception e) => e.Message.ReplaceLineEndings(" ");
}
