using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tests.Protocol;

public sealed class ReachableShardAllocationTests
{
    private static readonly Region A = new("10.0.0.1"), B = new("10.0.0.2"), C = new("10.0.0.3");

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Allocations(int a, int b, int c) =>
        new Dictionary<IActorRef, IImmutableList<string>>
        {
            [A] = Shards("a", a),
            [B] = Shards("b", b),
            [C] = Shards("c", c),
        }.ToImmutableDictionary();

    private static IImmutableList<string> Shards(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToImmutableList();

    [Fact]
    public async Task A_new_shard_goes_to_the_replica_that_asked_whatever_the_others_hold()
    {
        var akka = new RecordingStrategy();
        var placement = new ReachableShardAllocation(akka);

        Assert.Same(B, await placement.AllocateShard(B, "7", Allocations(0, 9, 0)));
        Assert.Null(akka.Offered);
    }

    [Fact]
    public async Task A_replica_that_does_not_answer_neither_takes_nor_is_given_a_shard()
    {
        var akka = new RecordingStrategy();
        var placement = new ReachableShardAllocation(akka, address => address != C.Path.Address && address != A.Path.Address);

        // A asked but does not answer (it is going away): Akka's choice among the others, without C either.
        Assert.Same(B, await placement.AllocateShard(A, "7", Allocations(0, 3, 0)));
        Assert.Equal([B], akka.Offered!.Keys);
    }

    [Fact]
    public async Task When_no_replica_seems_to_answer_Akka_chooses_among_all()
    {
        var akka = new RecordingStrategy();
        var placement = new ReachableShardAllocation(akka, _ => false);

        await placement.AllocateShard(A, "7", Allocations(1, 1, 1));

        Assert.Equal(3, akka.Offered!.Count);
    }

    [Fact]
    public async Task Rebalancing_is_Akka_s()
    {
        var akka = new RecordingStrategy();
        var placement = new ReachableShardAllocation(akka);

        var moved = await placement.Rebalance(Allocations(9, 0, 0), ImmutableHashSet<string>.Empty);

        Assert.Equal(["a0"], moved);
    }

    /// <summary>A shard region on another replica: only its address matters here.</summary>
    private sealed class Region(string host) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(new Address("akka.tcp", "supernode", host, 4000)) / "system" / "sharding" / "task";

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }

    /// <summary>Akka's strategy as far as these tests need it: it takes the region with the fewest shards.</summary>
    private sealed class RecordingStrategy : IShardAllocationStrategy
    {
        public IImmutableDictionary<IActorRef, IImmutableList<string>>? Offered { get; private set; }

        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
        {
            Offered = currentShardAllocations;
            return Task.FromResult(currentShardAllocations.MinBy(r => r.Value.Count).Key);
        }

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
            IImmutableSet<string> rebalanceInProgress) =>
            Task.FromResult<IImmutableSet<string>>(ImmutableHashSet.Create(currentShardAllocations.MaxBy(r => r.Value.Count).Value[0]));
    }
}
