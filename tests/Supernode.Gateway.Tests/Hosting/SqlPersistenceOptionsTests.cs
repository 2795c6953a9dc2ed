using Akka.Configuration;
using LinqToDB;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Tests.Hosting;

/// <summary>The HOCON the journal, its queries and the snapshot store are configured with.</summary>
public sealed class SqlPersistenceOptionsTests
{
    [Fact]
    public void Journal_queries_and_snapshots_open_fresh_connections_rather_than_clones()
    {
        var journal = new SqlJournalOptions("Host=db", ProviderName.PostgreSQL15, parallelism: 3).ToConfig();
        var snapshots = new SqlSnapshotOptions("Host=db", ProviderName.PostgreSQL15).ToConfig();

        Assert.False(journal.GetBoolean("akka.persistence.journal.sql.use-clone-connection", true));
        Assert.False(journal.GetBoolean("akka.persistence.query.journal.sql.use-clone-connection", true));
        Assert.False(snapshots.GetBoolean("akka.persistence.snapshot-store.sql.use-clone-connection", true));
    }
}
