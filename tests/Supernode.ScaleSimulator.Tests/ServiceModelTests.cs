using Supernode.ScaleSimulator.Fleet;
using Supernode.ScaleSimulator.Service;

namespace Supernode.ScaleSimulator.Tests;

/// <summary>The supernode with replicas, cores and entities (docs/scale-simulator.md, "The supernode's service").</summary>
public sealed class ServiceModelTests
{
    private static readonly SimOptions Small = new() { FileBytes = (10L << 20) + 1, PieceBytes = 1 << 20 };

    [Fact]
    public void A_call_waits_for_a_core_of_its_replica_then_for_its_entity()
    {
        var queues = new ServiceQueues(new SupernodeModel { Replicas = 1, CoresPerReplica = 2, CallMicros = 100, RemoteMicros = 0 });

        // Two cores take two calls at once; the third waits for the first core.
        Assert.Equal(100e-6, queues.ReachEntity(0, 0), 9);
        Assert.Equal(100e-6, queues.ReachEntity(0, 0), 9);
        Assert.Equal(200e-6, queues.ReachEntity(0, 0), 9);
        // One entity answers one call at a time.
        Assert.Equal(110e-6, queues.Handle(100e-6, 0, 10), 9);
        Assert.Equal(120e-6, queues.Handle(100e-6, 0, 10), 9);
    }

    [Fact]
    public void Calls_go_round_the_replicas_and_a_remote_entity_costs_more()
    {
        var queues = new ServiceQueues(new SupernodeModel { Replicas = 2, CoresPerReplica = 1, CallMicros = 100, RemoteMicros = 50, Groups = 2 });

        Assert.Equal(100e-6, queues.ReachEntity(0, 0), 9); // replica 0, its own group
        Assert.Equal(150e-6, queues.ReachEntity(0, 0), 9); // replica 1, group 0 lives on replica 0
        Assert.Equal([1.0, 0.0], queues.ReplicaShares());
    }

    [Fact]
    public void A_slow_supernode_makes_pulls_wait_and_the_download_slower()
    {
        var instant = FleetSimulation.Run(Small with { Clients = 10 }, Policy.Ours);
        var slow = FleetSimulation.Run(Small with
        {
            Clients = 10,
            Service = new SupernodeModel { Replicas = 1, CoresPerReplica = 1, CallMicros = 20_000 },
        }, Policy.Ours);

        Assert.Equal(0, slow.Unfinished);
        Assert.True(slow.PullLatencyP99Seconds >= 0.02, $"p99 {slow.PullLatencyP99Seconds}");
        Assert.True(slow.Median > instant.Median, $"{slow.Median} against {instant.Median}");
    }

    [Fact]
    public void Groups_exchange_pieces_and_every_replica_answers_its_share()
    {
        var r = FleetSimulation.Run(Small with
        {
            Clients = 60,
            Service = new SupernodeModel { Replicas = 3, Groups = 3 },
        }, Policy.Ours);

        Assert.Equal(0, r.Unfinished);
        Assert.Equal(0, r.DuplicatePieces);
        Assert.Equal(60 * Small.FileBytes, r.SupernodeBytes + r.PeerBytes);
        Assert.Equal(3, r.Groups);
        Assert.True(r.SiblingPieces > 0, "no piece went from one group to another");
        Assert.All(r.ReplicaShares, share => Assert.InRange(share, 0.2, 0.5));
    }
}
