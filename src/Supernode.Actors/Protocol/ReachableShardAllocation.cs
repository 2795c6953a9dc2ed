using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Where a new shard (the first task or peer of it) is placed: on the replica that asked for it, the one a client's
/// request reached, while it is Up and reachable; otherwise Akka's least-shards choice among the replicas that are.
/// Akka's strategy alone looks at shard counts and member status only: in the seconds between a replica's death and
/// the failure detector's verdict it places new shards on the dead replica (the least loaded on a fresh cluster),
/// whose messages are lost, and every registration of those tasks fails. The replica that asked was alive a moment
/// ago, the one thing known of no other. The load balancer spreads the first registrations, so the shards spread with
/// them; Akka's rebalancing evens out what it does not, beyond a threshold (<c>ClusterTuning</c>).
/// </summary>
public sealed class ReachableShardAllocation : IShardAllocationStrategy, IActorSystemDependentAllocationStrategy
{
    private readonly IShardAllocationStrategy _inner;
    private Func<Address, bool> _reachable;
    private Address? _self;

    /// <param name="inner">Akka's strategy, which places a shard the asking replica cannot take, and rebalances.</param>
    /// <param name="reachable">Whether a replica answers; from the cluster's view once started, unless given (tests).</param>
    public ReachableShardAllocation(IShardAllocationStrategy inner, Func<Address, bool>? reachable = null)
    {
        _inner = inner;
        _reachable = reachable ?? (_ => true);
    }

    public void Start(ActorSystem system)
    {
        if (_inner is IActorSystemDependentAllocationStrategy dependent) dependent.Start(system);
        else if (_inner is IStartableAllocationStrategy startable) startable.Start();
        var cluster = Cluster.Get(system);
        _self = cluster.SelfAddress;
        _reachable = address => cluster.State.IsUpAndReachable(m => m.Address == address);
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var answering = currentShardAllocations.Where(r => _reachable(AddressOf(r.Key))).ToImmutableDictionary();
        // None answering (a view not yet settled): Akka's choice among all, as without this strategy.
        if (answering.IsEmpty) return _inner.AllocateShard(requester, shardId, currentShardAllocations);
        return answering.ContainsKey(requester) ? Task.FromResult(requester) : _inner.AllocateShard(requester, shardId, answering);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress) =>
        _inner.Rebalance(currentShardAllocations, rebalanceInProgress);

    private Address AddressOf(IActorRef region) =>
        region.Path.Address.HasLocalScope && _self is not null ? _self : region.Path.Address;
}
