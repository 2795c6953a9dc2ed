using Akka.Actor;
using Akka.TestKit.Xunit2;
using Supernode.Actors.Peers;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Peers;

public sealed class PeerEntityTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Hocon, output: output)
{
    private const string Id = "host-127.0.0.1-15001";
    private static readonly PeerExpiry Quick = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

    private static PeerCommands.Register Register(string taskId = "t1") => new(Id, "127.0.0.1", "host", 15001, "1.0.6", taskId, "cid-1");

    [Fact]
    public void A_peer_that_does_not_register_again_is_forgotten_and_comes_back_when_it_does()
    {
        var peer = Sys.ActorOf(PeerEntity.Props(Id, Quick));
        peer.Tell(Register(), TestActor);
        Assert.Equal(Id, ExpectMsg<PeerReplies.PeerView>().PeerId);

        AwaitAssert(() =>
        {
            peer.Tell(new PeerCommands.GetPeer(Id), TestActor);
            ExpectMsg<PeerReplies.PeerUnknown>();
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        Watch(peer);
        peer.Tell(PoisonPill.Instance);
        ExpectTerminated(peer);

        // Its events are gone; a registration makes it again.
        var again = Sys.ActorOf(PeerEntity.Props(Id, Quick));
        again.Tell(new PeerCommands.GetPeer(Id), TestActor);
        ExpectMsg<PeerReplies.PeerUnknown>();
        again.Tell(Register("t2"), TestActor);
        Assert.Equal(["t2"], ExpectMsg<PeerReplies.PeerView>().Tasks.Keys);
    }

    [Fact]
    public void A_registration_right_behind_a_read_of_the_unknown_peer_is_answered_before_the_entity_stops()
    {
        // The read's answer passivates the empty entity with the registration already in its mailbox.
        var shard = Sys.ActorOf(ShardStandIn.Props(PeerEntity.Props(Id, PeerExpiry.Default)));
        Watch(shard);
        shard.Tell(new PeerCommands.GetPeer(Id), TestActor);
        shard.Tell(Register(), TestActor);
        ExpectMsg<PeerReplies.PeerUnknown>();
        Assert.Equal(Id, ExpectMsg<PeerReplies.PeerView>().PeerId);
        ExpectTerminated(shard);
    }

    [Fact]
    public void A_deleted_peer_stays_deleted_after_a_recovery()
    {
        var peer = Sys.ActorOf(PeerEntity.Props(Id, PeerExpiry.Default));
        peer.Tell(Register(), TestActor);
        ExpectMsg<PeerReplies.PeerView>();
        Watch(peer);
        peer.Tell(new PeerCommands.Delete(Id), TestActor);
        Assert.Equal(Id, ExpectMsg<PeerReplies.PeerDeleted>().PeerId);
        peer.Tell(PoisonPill.Instance);
        ExpectTerminated(peer);

        var again = Sys.ActorOf(PeerEntity.Props(Id, PeerExpiry.Default));
        again.Tell(new PeerCommands.Delete(Id), TestActor);
        ExpectMsg<PeerReplies.PeerUnknown>();
    }

    /// <summary>
    /// Registrations a fifth of a second apart for three seconds, twice the expiry: the peer stays. The expiry leaves
    /// room for a test thread held up on a loaded machine (with half a second, one held up longer forgot the peer).
    /// </summary>
    [Fact]
    public void A_peer_that_keeps_registering_stays()
    {
        var expiry = new PeerExpiry(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1.5));
        var peer = Sys.ActorOf(PeerEntity.Props(Id, expiry));
        for (var i = 0; i < 15; i++)
        {
            peer.Tell(Register($"t{i}"), TestActor);
            ExpectMsg<PeerReplies.PeerView>();
            ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        }
        peer.Tell(new PeerCommands.GetPeer(Id), TestActor);
        Assert.Equal(15, ExpectMsg<PeerReplies.PeerView>().Tasks.Count);
    }
}
