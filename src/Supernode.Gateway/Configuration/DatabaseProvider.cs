namespace Supernode.Gateway.Configuration;

/// <summary>Where the event journal and snapshots live.</summary>
public enum DatabaseProvider
{
    /// <summary>A file under the home directory: one replica only, never shared between nodes.</summary>
    Sqlite,

    /// <summary>A server shared by every replica of the cluster.</summary>
    PostgreSql,
}
