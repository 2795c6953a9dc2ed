using Npgsql;
using Supernode.Gateway.Configuration;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Tests.Hosting;

public sealed class PostgresPoolTests
{
    [Fact]
    public void The_journal_keeps_the_warm_connections_open_unless_the_operator_sets_a_minimum()
    {
        var ours = new NpgsqlConnectionStringBuilder(PostgresPool.ConnectionString("Host=db;Database=supernode;Username=sn"));
        var theirs = new NpgsqlConnectionStringBuilder(PostgresPool.ConnectionString("Host=db;Database=supernode;Username=sn;Minimum Pool Size=3"));

        Assert.Equal(PostgresPool.WarmConnections, ours.MinPoolSize);
        Assert.Equal("db", ours.Host);
        Assert.Equal(3, theirs.MinPoolSize);
    }

    [Fact]
    public async Task An_embedded_database_has_no_pool_to_warm()
    {
        // Not a PostgreSQL connection string: warming it would fail if it were tried.
        await PostgresPool.WarmAsync(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=/nonexistent/x.db" }, CancellationToken.None);
    }
}
