using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// What a replica does before it reports ready: the journal and snapshot store started with their tables, one
/// recovery, write, snapshot and deletion done (<see cref="JournalWarmup"/>), their PostgreSQL connections opened
/// (<see cref="PostgresPool"/>), and a task and a peer entity asked
/// through their shard regions (sharding up, a shard allocated, an entity recovered), this replica's share of the task
/// shards placed when it is not alone (<see cref="ShardPlacer"/>, which places again whenever the members change), and
/// the registration path compiled (<see cref="RegistrationWarmup"/>). Until then
/// <c>/healthz/ready</c> says why not, so neither a load balancer nor a rolling update sends it a fleet's
/// registrations while the first of them would wait seconds for all of that. A database that is not there yet is
/// waited for.
/// </summary>
public sealed class Warmup(ActorSystem system, IRequiredActor<TaskRegion> tasks, IRequiredActor<PeerRegion> peers, IRequiredActor<CdnManagerActor> cdn,
    string replicaId, DatabaseOptions database, ILogger<Warmup> log) : IHostedService, IHealthCheck, IDisposable
{
    /// <summary>Task and peer ids no dfget can register: asking for them creates nothing.</summary>
    public const string EntityId = "warmup";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private volatile string? _waitingFor = "the journal";
    private Task _warmingUp = Task.CompletedTask;
    private IActorRef? _taskShardPlacer;

    /// <summary>An unregistrable task id in each task shard: asking for one places its shard.</summary>
    private static readonly IReadOnlyDictionary<string, string> TaskShardEntities =
        ShardPlacement.EntityInEachShard(EntityMessageExtractors.Tasks(), EntityId);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(_waitingFor is { } what
            ? new HealthCheckResult(context.Registration.FailureStatus, $"warming up: waiting for {what}")
            : HealthCheckResult.Healthy());

    // Not a BackgroundService: when another service fails to start (a port in use), the host disposes a
    // BackgroundService without stopping it and logs its cancelled task as a failure with a stack trace.
    public Task StartAsync(CancellationToken _)
    {
        _warmingUp = Task.Run(() => WarmUpUntilStoppedAsync(_stop.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stop.CancelAsync();
        await _warmingUp.WaitAsync(ct);
    }

    // Disposed without being stopped when the start failed: stop warming up. The source is not disposed, the warm-up
    // may still be reading its token (it holds no timer, so nothing leaks).
    public void Dispose() => _stop.Cancel();

    private async Task WarmUpUntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            await WarmUpAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before it was ready (a SIGTERM during the start): nothing to report.
        }
    }

    private async Task WarmUpAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        string? lastProblem = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _waitingFor = "the journal and snapshot store";
                await system.ActorOf(JournalWarmup.Props(replicaId)).Ask<JournalWarmup.Done>(JournalWarmup.Begin.Instance, Deadlines.WarmupStep, stop);
                _waitingFor = "the database connections";
                await PostgresPool.WarmAsync(database, stop).WaitAsync(Deadlines.WarmupStep, stop);
                _waitingFor = "the task shards";
                var taskRegion = await tasks.GetAsync(stop);
                await taskRegion.Ask<object>(new TaskCommands.GetTask(EntityId), Deadlines.WarmupStep, stop);
                _waitingFor = "this replica's share of the task shards";
                _taskShardPlacer ??= system.ActorOf(
                    ShardPlacer.Props(taskRegion, TaskShardEntities, id => new TaskCommands.GetTask(id)), "task-shard-placer");
                await _taskShardPlacer.Ask<ShardPlacer.Placed>(ShardPlacer.WhenPlaced.Instance, Deadlines.WarmupStep, stop);
                _waitingFor = "the peer shards";
                await (await peers.GetAsync(stop)).Ask<object>(new PeerCommands.GetPeer(EntityId), Deadlines.WarmupStep, stop);
                _waitingFor = "the registration path";
                await RegistrationWarmup.RunAsync(await cdn.GetAsync(stop), stop);
                _waitingFor = null;
                log.LogInformation("Ready to take requests: journal, snapshot store, shards and the registration path warmed up in {Elapsed:0} ms",
                    clock.Elapsed.TotalMilliseconds);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                var problem = $"{_waitingFor}: {e.GetBaseException().Message}";
                if (problem != lastProblem) log.LogWarning("Not ready yet, waiting for {Problem}", problem);
                lastProblem = problem;
                await Task.Delay(RetryAfter, stop);
            }
        }
    }
}
