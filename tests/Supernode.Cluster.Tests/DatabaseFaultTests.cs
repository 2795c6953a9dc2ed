using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// Database faults: PostgreSQL goes down under a stream of registrations and comes back. Readiness follows
/// it, registrations during the outage get a retryable answer within dfget's timeout, and no registration that was
/// acknowledged is lost, whether asked of the running replica or of one restarted from the database.
/// </summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>dfget gives a registration this long before it tries its next supernode.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    private readonly TempDir _dir = new("supernode-dbfault");
    private readonly LoopbackOrigin _origin = new();
    private PostgresServer _postgres = null!;
    private SupernodeProcess _replica = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var db = await _postgres.CreateDatabaseAsync("supernode");
        await _origin.StartAsync();
        _replica = new SupernodeProcess(_dir.Combine("home"), "--db-provider", "postgresql", "--db-connection-string", db);
        await _replica.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _replica.DisposeAsync();
        await _postgres.DisposeAsync();
        await _origin.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_postgres_restart_under_registrations_turns_readiness_off_and_on_and_loses_no_acknowledged_registration()
    {
        var client = new SupernodeClient(_replica);
        var load = new RegistrationLoad(client, _origin, ClientTimeout);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Poll.UntilAsync(() => load.Acknowledged.Count >= 5, TimeSpan.FromSeconds(30), "5 registrations before the outage");

        var clock = Stopwatch.StartNew();
        await _postgres.StopAsync();
        var down = clock.Elapsed;
        await Poll.UntilAsync(async () => !await IsReadyAsync(client), TimeSpan.FromSeconds(30), "readiness off while the database is down");
        var notReadyAfter = clock.Elapsed - down;
        var duringOutage = load.Outcomes.Count;
        await Poll.UntilAsync(() => load.Outcomes.Count >= duringOutage + 3, TimeSpan.FromSeconds(40), "registrations answered during the outage");

        await _postgres.StartAgainAsync();
        var up = clock.Elapsed;
        await Poll.UntilAsync(() => IsReadyAsync(client), TimeSpan.FromSeconds(40), "readiness back once the database is");
        var readyAfter = clock.Elapsed - up;
        var acknowledgedAtReady = load.Acknowledged.Count;
        await Poll.UntilAsync(() => load.Acknowledged.Count >= acknowledgedAtReady + 5, TimeSpan.FromSeconds(30), "registrations after the outage");
        await stop.CancelAsync();
        await running;

        var outcomes = load.Outcomes.ToArray();
        output.WriteLine($"database down {(up - down).TotalSeconds:0.0} s; readiness off after {notReadyAfter.TotalSeconds:0.0} s, " +
                         $"back {readyAfter.TotalSeconds:0.0} s after the database");
        foreach (var group in outcomes.GroupBy(o => o.Answer))
            output.WriteLine($"{group.Key}: {group.Count()} registrations, slowest {group.Max(o => o.Took).TotalSeconds:0.00} s");

        Assert.DoesNotContain(outcomes, o => o.Answer == RegistrationLoad.TimedOut);
        Assert.All(outcomes, o => Assert.True(o.Took <= ClusterHarness.CallBudget, $"a registration took {o.Took}"));
        Assert.All(outcomes, o => Assert.True(o.Answer is "200/200" or "503", $"{o.Answer} is neither a registration nor retryable"));
        Assert.Contains(outcomes, o => o.Answer == "503");
        await AllKnownAsync(client, load.Acknowledged);
        // Tasks whose entity stopped on a failed recovery or persist take the next registration: the refused ones, and the first.
        foreach (var url in outcomes.Where(o => o.Answer == "503").Select(o => o.Url).Append(outcomes[0].Url))
        {
            var again = await client.RegisterAsync(DfgetRegistration.For(url, 99));
            Assert.True(again.Status == HttpStatusCode.OK && again.Json.GetProperty("code").GetInt32() == 200, $"{url} after the outage: {again}");
        }

        // The replica restarted knows them from the database alone.
        await _replica.KillAsync();
        await _replica.StartAsync(TimeSpan.FromSeconds(90));
        await AllKnownAsync(new SupernodeClient(_replica), load.Acknowledged);
    }

    private static async Task<bool> IsReadyAsync(SupernodeClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return (await client.GetAsync("/healthz/ready", timeout.Token)).Status == HttpStatusCode.OK;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task AllKnownAsync(SupernodeClient client, ConcurrentBag<string> taskIds)
    {
        foreach (var taskId in taskIds)
        {
            var task = await client.GetTaskAsync(taskId);
            Assert.True(task.Status == HttpStatusCode.OK, $"acknowledged task {taskId} is lost: {task}");
        }
    }
}
