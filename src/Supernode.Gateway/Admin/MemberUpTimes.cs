using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;

namespace Supernode.Gateway.Admin;

/// <summary>
/// When this replica saw each member become Up (Akka records no time): members that were Up before this replica
/// joined count from the moment it learned of them.
/// </summary>
public sealed class MemberUpTimes
{
    private readonly ConcurrentDictionary<Address, DateTimeOffset> _upSince = new();

    public DateTimeOffset? UpSince(Address member) => _upSince.TryGetValue(member, out var t) ? t : null;

    /// <summary>Starts the actor that keeps the times, subscribed to this replica's cluster events.</summary>
    public void Watch(ActorSystem system) => system.ActorOf(Props.Create(() => new Watcher(this)), "member-up-times");

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(MemberUpTimes times)
        {
            Receive<ClusterEvent.MemberUp>(up => times._upSince.TryAdd(up.Member.Address, DateTimeOffset.UtcNow));
            Receive<ClusterEvent.MemberRemoved>(removed => times._upSince.TryRemove(removed.Member.Address, out _));
            Receive<ClusterEvent.IMemberEvent>(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
