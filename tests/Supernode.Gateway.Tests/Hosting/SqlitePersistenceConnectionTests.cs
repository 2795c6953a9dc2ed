using System.Data;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Supernode.Gateway.Hosting;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.Hosting;

/// <summary>
/// The embedded database's connection for the journal and snapshot store: a read (a recovery) must not hold back a
/// write. With Microsoft.Data.Sqlite's own transactions it did (every transaction began immediately, taking the write
/// lock), and the write slept in 150 ms steps until the read was done.
/// </summary>
public sealed class SqlitePersistenceConnectionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempDir _dir = new("sqlite-persistence");
    private readonly string _connectionString;

    public SqlitePersistenceConnectionTests()
    {
        _connectionString = $"Data Source={_dir.Combine("supernode.db")}";
        using var setup = new SqliteConnection(_connectionString);
        setup.Open();
        Execute(setup, null, "PRAGMA journal_mode=WAL; CREATE TABLE events (n INTEGER);");
    }

    [Fact]
    public async Task A_write_goes_through_while_a_read_is_open()
    {
        using var reader = Open();
        using var read = ((IDbConnection)reader).BeginTransaction(SqlitePersistenceConnection.ReadIsolation);
        Execute(reader, read, "SELECT count(*) FROM events;");

        var write = Task.Run(() => Write(1));

        Assert.Same(write, await Task.WhenAny(write, Task.Delay(Patience)));
        read.Commit();
    }

    [Fact]
    public async Task A_write_waits_for_another_and_then_goes_through()
    {
        using var first = Open();
        using var firstWrite = ((IDbConnection)first).BeginTransaction(IsolationLevel.Unspecified);
        Execute(first, firstWrite, "INSERT INTO events VALUES (1);");

        var second = Task.Run(() => Write(2));
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        firstWrite.Commit();

        await second.WaitAsync(Patience);
        using var check = Open();
        Assert.Equal(2L, Execute(check, null, "SELECT count(*) FROM events;"));
    }

    [Fact]
    public void The_persistence_options_name_this_connection_and_provider()
    {
        var options = SqlitePersistenceConnection.DataOptions(_connectionString);

        using var data = new LinqToDB.Data.DataConnection(options);

        Assert.Equal(ProviderName.SQLiteMS, options.ConnectionOptions.ProviderName);
        Assert.Equal(ProviderName.SQLiteMS, data.DataProvider.Name);
        Assert.IsType<SqlitePersistenceConnection>(data.OpenDbConnection());
    }

    [Fact]
    public void Connections_opened_from_the_options_share_one_mapping_schema()
    {
        // As the journal opens them: its own schema on the options, a new DataConnection for each query.
        var options = SqlitePersistenceConnection.DataOptions(_connectionString).UseMappingSchema(new LinqToDB.Mapping.MappingSchema());

        using var first = new LinqToDB.Data.DataConnection(options);
        using var second = new LinqToDB.Data.DataConnection(options);

        Assert.Same(first.MappingSchema, second.MappingSchema);
    }

    private void Write(int n)
    {
        using var writer = Open();
        using var write = ((IDbConnection)writer).BeginTransaction(IsolationLevel.Unspecified);
        Execute(writer, write, $"INSERT INTO events VALUES ({n});");
        write.Commit();
    }

    private SqlitePersistenceConnection Open()
    {
        var connection = new SqlitePersistenceConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static object? Execute(SqliteConnection connection, IDbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
