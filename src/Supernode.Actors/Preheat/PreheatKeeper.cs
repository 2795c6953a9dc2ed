using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Supernode.Actors.Preheat;

/// <summary>
/// Cluster singleton that keeps preheat jobs going without remembered entities: every sweep it lists the jobs in
/// the journal and wakes those due, i.e. unfinished ones (each resumes in its recovered entity, wherever sharding
/// puts it after a crash or restart) and finished ones past their retention (collected). What it learns from the
/// answers is soft: a new keeper (after a failover) starts by waking every job once. A replica removed from the
/// cluster makes it sweep at once: the jobs that ran there resume without waiting for the next period.
/// </summary>
public sealed class PreheatKeeper : ReceiveActor, IWithTimers
{
    private readonly IActorRef _preheats;
    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>> _listJobs;
    private readonly TimeSpan _sweepEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>When each known job wants its next call; <see cref="DateTimeOffset.MaxValue"/> for none.</summary>
    private readonly Dictionary<string, DateTimeOffset> _nextWake = new(StringComparer.Ordinal);

    private bool _listing;

    /// <param name="preheats">The preheat shard region.</param>
    /// <param name="listJobs">The ids of every job in the journal (cluster-wide).</param>
    public PreheatKeeper(IActorRef preheats, Func<CancellationToken, Task<IReadOnlyList<string>>> listJobs, TimeSpan sweepEvery)
    {
        _preheats = preheats;
        _listJobs = listJobs;
        _sweepEvery = sweepEvery;

        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _log.Info("Replica {Node} left the cluster: waking the unfinished preheat jobs", removed.Member.Address);
            Self.Tell(Sweep.Instance);
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Sweep>(_ =>
        {
            if (_listing) return;
            _listing = true;
            _listJobs(_stopping.Token).PipeTo(Self, success: ids => new Listed(ids), failure: e => new ListingFailed(e));
        });
        Receive<Listed>(listed =>
        {
            _listing = false;
            var now = DateTimeOffset.UtcNow;
            foreach (var id in listed.Ids)
                if (!_nextWake.TryGetValue(id, out var due) || due <= now)
                    _preheats.Tell(new PreheatCommands.Wake(id));
        });
        Receive<ListingFailed>(failed =>
        {
            _listing = false;
            _log.Warning(failed.Cause, "Listing the preheat jobs failed; the next sweep tries again");
        });
        Receive<PreheatReplies.Woken>(w => _nextWake[w.PreheatId] = w.NextWake ?? DateTimeOffset.MaxValue);
    }

    public static Props Props(IActorRef preheats, Func<CancellationToken, Task<IReadOnlyList<string>>> listJobs, TimeSpan sweepEvery) =>
        Akka.Actor.Props.Create(() => new PreheatKeeper(preheats, listJobs, sweepEvery));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, TimeSpan.Zero, _sweepEvery);
        Cluster.Get(Context.System).Subscribe(Self, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class Sweep : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record Listed(IReadOnlyList<string> Ids) : INoSerializationVerificationNeeded;

    private sealed record ListingFailed(Exception Cause) : INoSerializationVerificationNeeded;
}
