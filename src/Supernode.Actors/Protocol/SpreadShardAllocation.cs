using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Places shard n on the n-th replica (modulo the replicas that answer, ordered by address), so consecutive shards land
/// on different replicas: a hot task's groups, whose shards are consecutive, are scheduled on every replica
/// (<c>Tasks.TaskGroupMessageExtractor</c>). Nothing is rebalanced: a group moves only with a replica that leaves or dies.
/// </summary>
public sealed class SpreadShardAllocation : IShardAllocationStrategy, IActorSystemDependentAllocationStrategy
{
    private Func<Address, bool> _reachable;
    private Address? _self;

    /// <param name="reachable">Whether a replica answers; from the cluster's view once started, unless given (tests).</param>
    public SpreadShardAllocation(Func<Address, bool>? reachable = null) => _reachable = reachable ?? (_ => true);

    public void Start(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        _self = cluster.SelfAddress;
        _reachable = address => cluster.State.IsUpAndReachable(m => m.Address == address);
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var regions = currentShardAllocations.Keys.Where(r => _reachable(AddressOf(r))).ToList();
        if (regions.Count == 0) regions = [.. currentShardAllocations.Keys];
        if (regions.Count == 0) return Task.FromResult(requester);
        regions.Sort((a, b) => string.CompareOrdinal(AddressOf(a).ToString(), AddressOf(b).ToString()));
        var number = int.TryParse(shardId, out var n) ? Math.Abs(n) : 0;
        return Task.FromResult(regions[number % regions.Count]);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    private Address AddressOf(IActorRef region) =>
        region.Path.Address.HasLocalScope && _self is not null ? _self : region.Path.Address;
}
