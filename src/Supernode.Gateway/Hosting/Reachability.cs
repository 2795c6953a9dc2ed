using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Which members this replica cannot reach now. A request for an entity on such a member would wait until the
/// cluster downs the member and moves its shards; while any member is unreachable dfget's pulls wait briefly and
/// get a 602 instead (<see cref="Deadlines.PullWhileReplicaUnreachable"/>).
/// </summary>
public sealed class Reachability
{
    private readonly ConcurrentDictionary<Address, byte> _unreachable = new();

    public bool AnyUnreachable => !_unreachable.IsEmpty;

    /// <summary>Starts the actor that keeps the set, subscribed to this replica's cluster events.</summary>
    public void Watch(ActorSystem system) => system.ActorOf(Props.Create(() => new Watcher(this)), "reachability");

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(Reachability r)
        {
            Receive<ClusterEvent.UnreachableMember>(e => r._unreachable.TryAdd(e.Member.Address, 0));
            Receive<ClusterEvent.ReachableMember>(e => r._unreachable.TryRemove(e.Member.Address, out _));
            Receive<ClusterEvent.MemberRemoved>(e => r._unreachable.TryRemove(e.Member.Address, out _));
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
