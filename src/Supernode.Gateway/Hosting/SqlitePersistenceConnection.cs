using System.Data;
using System.Data.Common;
using LinqToDB;
using LinqToDB.DataProvider.SQLite;
using LinqToDB.Internal.DataProvider.SQLite;
using Microsoft.Data.Sqlite;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The connection the journal and snapshot store open on the embedded SQLite database. Microsoft.Data.Sqlite begins
/// every transaction with <c>BEGIN IMMEDIATE</c>, so the read transaction of each recovery took the database's one
/// write lock, and a write that met it slept 150 ms before trying again: under a registration storm, the peer records
/// behind it went at about a dozen a second. Reads (<see cref="ReadIsolation"/>, the plugins' read isolation level)
/// begin deferred instead, and in WAL mode a deferred read sees a snapshot and never blocks a writer. Writes still
/// begin immediately, and one that meets another waits in SQLite's own busy handler, which looks again within
/// milliseconds.
/// </summary>
public sealed class SqlitePersistenceConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>The isolation level the journal, snapshot store and queries read with; their writes use another.</summary>
    public const IsolationLevel ReadIsolation = IsolationLevel.ReadCommitted;

    /// <summary>The same level as the plugins' HOCON spells it.</summary>
    public const string ReadIsolationHocon = "read-committed";

    /// <summary>How long a write waits for another to finish before the driver's own (150 ms) retries take over.</summary>
    private const int BusyTimeoutMs = 5_000;

    /// <summary>linq2db's options for the plugins: this connection, on Microsoft.Data.Sqlite.</summary>
    /// <remarks>
    /// Through a provider that opens it rather than a connection factory: linq2db keeps the provider and mapping schema
    /// of options with a provider and a connection string after the first connection, but builds the schema again for
    /// every connection a factory opens.
    /// </remarks>
    public static DataOptions DataOptions(string connectionString) => new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, connectionString)
        .UseDataProvider(Provider.Instance);

    /// <summary>linq2db's Microsoft.Data.Sqlite provider, opening <see cref="SqlitePersistenceConnection"/>s.</summary>
    private sealed class Provider() : SQLiteDataProvider(ProviderName.SQLiteMS, SQLiteProvider.Microsoft)
    {
        public static readonly Provider Instance = new();

        protected override DbConnection CreateConnectionInternal(string connectionString) => new SqlitePersistenceConnection(connectionString);
    }

    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel) =>
        isolationLevel == ReadIsolation ? BeginTransaction(isolationLevel, deferred: true) : base.BeginTransaction(isolationLevel);

    public override void Open()
    {
        base.Open();
        using var busyTimeout = CreateCommand();
        busyTimeout.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs};";
        busyTimeout.ExecuteNonQuery();
    }
}
