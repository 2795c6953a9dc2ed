using Npgsql;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// A fleet starts: registrations sent at once through the load balancer to a cluster started moments ago, each with
/// dfget's 5 s and no second try. Every one is answered 200 within 4 s. (The full-size storms, 1,000 at once and 50
/// new tasks × 20, are benchmarks: docs/benchmarks.md.)
/// </summary>
public sealed class RegistrationStormTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_registrations_at_once_then_ten_new_tasks_of_twenty_are_all_answered_within_4_s()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        // Ready means the journal's connections are open: the storm does not wait for the pool to grow.
        Assert.True(await JournalConnectionsAsync(h) >= ClusterHarness.Size * Gateway.Hosting.PostgresPool.WarmConnections);
        var (url, _) = h.ServeFile("/storm.bin", 16L * 1024 * 1024, seed: 41);
        var many = Enumerable.Range(0, 10).Select(i => h.ServeFile($"/storm-{i}.bin", 1024 * 1024, seed: 50 + i).Url).ToArray();

        var one = await RegistrationStorm.RunAsync(h.BalancerEndPoint, [url], 200);
        h.Log($"200 × 1 new task: {one}");
        var ten = await RegistrationStorm.RunAsync(h.BalancerEndPoint, many, 20, firstClient: 200);
        h.Log($"10 new tasks × 20: {ten}");

        foreach (var storm in new[] { one, ten })
        {
            Assert.Empty(storm.Errors);
            Assert.Equal(0, storm.OverBudget);
        }
    }

    private static async Task<long> JournalConnectionsAsync(ClusterHarness h)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(h.Postgres.ConnectionString("supernode")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // The replicas' readiness checks name their connections; the journal's and snapshot store's have no name.
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '' AND pid <> pg_backend_pid()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
