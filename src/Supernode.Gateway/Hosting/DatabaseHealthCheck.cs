using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Readiness of the journal's database: a <c>SELECT 1</c> on a connection of its own, within <see cref="Budget"/>.
/// The journal's own check only reports its circuit breaker, which opens after ten failed writes; a replica with
/// little traffic, or whose writes are still waiting on the dead server, stayed ready through a whole outage.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseOptions db) : IHealthCheck
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await ProblemAsync(ct) is { } problem ? new HealthCheckResult(context.Registration.FailureStatus, problem) : HealthCheckResult.Healthy();

    /// <summary>Why the database cannot be used now, or null when it answers.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Budget);
        try
        {
            await using var connection = Connect();
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the {db.Provider} database did not answer within {Budget.TotalSeconds:0} s";
        }
        catch (DbException e)
        {
            return $"the {db.Provider} database is not reachable: {e.Message}";
        }
    }

    private DbConnection Connect() => db.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(db.ConnectionString),
        // Its own small pool, so a check never waits behind the journal's connections, nor takes one from them.
        _ => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString)
        {
            Timeout = (int)Budget.TotalSeconds,
            MaxPoolSize = 2,
            ApplicationName = "supernode-readiness",
        }.ConnectionString),
    };
}
