using Npgsql;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The journal's and snapshot store's PostgreSQL connections, opened before the replica reports ready and kept open.
/// A fresh replica's pool otherwise grows in the middle of its first registration storms: fifty new tasks recover at
/// once, each recovery takes a connection, and every connection the pool lacks is a new server process forked, its
/// catalog caches filled, while the storm waits (in a profiled storm, a third of the database's CPU).
/// </summary>
public static class PostgresPool
{
    /// <summary>Connections opened ahead and never pruned: what one replica's storms were seen to use at once.</summary>
    public const int WarmConnections = 10;

    /// <summary>
    /// The connection string the journal and snapshot store use, and so the pool they share: the operator's, holding
    /// <see cref="WarmConnections"/> open unless it sets its own minimum.
    /// </summary>
    public static string ConnectionString(string operatorConnectionString) => PoolOf(operatorConnectionString).ConnectionString;

    private static NpgsqlConnectionStringBuilder PoolOf(string operatorConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(operatorConnectionString);
        if (builder.MinPoolSize == 0) builder.MinPoolSize = WarmConnections;
        return builder;
    }

    /// <summary>
    /// Opens the pool's minimum of connections at once and reads the journal's and snapshot store's tables on each, so
    /// each server process has them in its caches; they then wait in the pool.
    /// </summary>
    public static async Task WarmAsync(DatabaseOptions db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.PostgreSql) return;
        var pool = PoolOf(db.ConnectionString);
        var connectionString = pool.ConnectionString;
        var connections = new List<NpgsqlConnection>(pool.MinPoolSize);
        try
        {
            for (var i = 0; i < pool.MinPoolSize; i++) connections.Add(new NpgsqlConnection(connectionString));
            await Task.WhenAll(connections.Select(c => ReadTablesAsync(c, ct)));
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private static async Task ReadTablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT max(sequence_number) FROM journal WHERE persistence_id = ''; SELECT 1 FROM snapshot WHERE persistence_id = '' LIMIT 1",
            connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
