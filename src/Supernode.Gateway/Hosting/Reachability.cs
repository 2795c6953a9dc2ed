using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// What this replica sees of the cluster's failures and of its tasks' silence. Members it cannot reach: a request for
/// an entity on one waits until the cluster downs the member and moves its shards, so while any is unreachable dfget's
/// calls wait briefly (<see cref="Deadlines.PullWhileReplicaUnreachable"/>). And the failover window as clients live
/// it: from a task's first unanswered pull to its next answer, logged once per task and silence, next to the line
/// of each replica the cluster lost (how long from unreachable to removed).
/// </summary>
public sealed class Reachability(ILogger<Reachability> log, TimeProvider? clock = null)
{
    private const int MaxSilentTasks = 100_000;

    /// <summary>
    /// A task that answers again sooner was busy (one pull ran out while the next was answered), not lost: no line.
    /// </summary>
    public static readonly TimeSpan NotableSilence = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<Address, long> _unreachableSince = new();
    private readonly ConcurrentDictionary<string, long> _silentSince = new(StringComparer.Ordinal);

    public bool AnyUnreachable => !_unreachableSince.IsEmpty;

    /// <summary>A pull of the task got no answer in time.</summary>
    public void Unanswered(string taskId)
    {
        if (_silentSince.Count >= MaxSilentTasks) _silentSince.Clear();
        _silentSince.TryAdd(taskId, _clock.GetTimestamp());
    }

    /// <summary>The task answered a pull: if it had been silent, the window it was silent for is logged.</summary>
    public void Answered(string taskId)
    {
        if (_silentSince.IsEmpty || !_silentSince.TryRemove(taskId, out var since)) return;
        var silence = _clock.GetElapsedTime(since);
        if (silence >= NotableSilence) log.LogInformation("Task {TaskId} answers again after {Silence:0.0} s without an answer", taskId, silence.TotalSeconds);
    }

    /// <summary>Starts the actor that follows this replica's cluster events.</summary>
    public void Watch(ActorSystem system) => system.ActorOf(Props.Create(() => new Watcher(this)), "reachability");

    private void Removed(Member member)
    {
        if (!_unreachableSince.TryRemove(member.Address, out var since)) return;
        log.LogWarning("Replica {Member} removed from the cluster {Elapsed:0.0} s after it stopped answering; its tasks move to the others",
            member.Address, _clock.GetElapsedTime(since).TotalSeconds);
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(Reachability r)
        {
            Receive<ClusterEvent.UnreachableMember>(e => r._unreachableSince.TryAdd(e.Member.Address, r._clock.GetTimestamp()));
            Receive<ClusterEvent.ReachableMember>(e => r._unreachableSince.TryRemove(e.Member.Address, out _));
            Receive<ClusterEvent.MemberRemoved>(e => r.Removed(e.Member));
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
