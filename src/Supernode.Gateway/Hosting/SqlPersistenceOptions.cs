using System.Text;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Akka.Persistence.Sql journal settings written as HOCON by hand: the plugin's own hosting package is not
/// available to us, and it only emits this HOCON anyway.
/// </summary>
/// <param name="readIsolation">
/// The isolation level of the journal's and its queries' reads, as the plugin's HOCON spells it; null for the plugin's.
/// </param>
public sealed class SqlJournalOptions(string connectionString, string providerName, int parallelism, string? readIsolation = null)
    : JournalOptions(isDefault: true)
{
    public override string Identifier { get; set; } = "sql";

    protected override Config InternalDefaultConfig => SqlPersistence.DefaultJournalConfiguration;

    protected override StringBuilder Build(StringBuilder sb)
    {
        sb.AppendLine($"connection-string = {connectionString.ToHocon()}");
        sb.AppendLine($"provider-name = {providerName.ToHocon()}");
        sb.AppendLine("tag-write-mode = TagTable");
        sb.AppendLine($"parallelism = {parallelism}");
        if (readIsolation is not null) sb.AppendLine($"read-isolation-level = {readIsolation}");
        sb.AppendLine(CircuitBreaker.Hocon);
        sb.AppendLine(FreshConnections.Hocon);
        base.Build(sb);
        sb.AppendLine($$"""
            akka.persistence.query.journal.{{Identifier}} {
              class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
              connection-string = {{connectionString.ToHocon()}}
              provider-name = {{providerName.ToHocon()}}
              write-plugin = "akka.persistence.journal.{{Identifier}}"
              tag-read-mode = TagTable
              {{(readIsolation is null ? "" : $"read-isolation-level = {readIsolation}")}}
              refresh-interval = 1s
              {{FreshConnections.Hocon}}
            }
            """);
        return sb;
    }
}

/// <param name="readIsolation">The isolation level of the snapshot store's reads, as the plugin's HOCON spells it; null for the plugin's.</param>
public sealed class SqlSnapshotOptions(string connectionString, string providerName, string? readIsolation = null) : SnapshotOptions(isDefault: true)
{
    public override string Identifier { get; set; } = "sql";

    protected override Config InternalDefaultConfig => SqlPersistence.DefaultSnapshotConfiguration;

    protected override StringBuilder Build(StringBuilder sb)
    {
        sb.AppendLine($"connection-string = {connectionString.ToHocon()}");
        sb.AppendLine($"provider-name = {providerName.ToHocon()}");
        if (readIsolation is not null) sb.AppendLine($"read-isolation-level = {readIsolation}");
        sb.AppendLine(CircuitBreaker.Hocon);
        sb.AppendLine(FreshConnections.Hocon);
        return base.Build(sb);
    }
}

/// <summary>
/// The breaker of the journal and the snapshot store. Akka's defaults keep it open 30 s (journal) and 60 s (snapshots)
/// after a database outage: every task that recovers meanwhile fails at once and stops, well after the database is
/// back. A short reset lets a trial call through every few seconds, so the breaker closes soon after the database returns.
/// </summary>
internal static class CircuitBreaker
{
    public const string Hocon = "circuit-breaker.reset-timeout = 3s";
}

/// <summary>
/// How the plugins open a connection. By default they clone one they keep, and linq2db builds a new mapping schema
/// (reflection over the row types) for every clone: in a registration storm that was a tenth of a replica's CPU. A
/// connection opened afresh from the plugin's options reuses the provider and schema linq2db saved on them the first time.
/// </summary>
internal static class FreshConnections
{
    public const string Hocon = "use-clone-connection = false";
}
