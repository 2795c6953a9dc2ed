using Akka.TestKit.Xunit2;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Protocol;

/// <summary>
/// A write the journal does not take is answered by the entity (<see cref="NotRecorded"/>), as soon as the journal
/// says so, rather than left to its caller's deadline: a refused write leaves the entity going, a failed one stops it
/// (Akka's rule). Without that answer the caller would hear nothing at all.
/// </summary>
public sealed class WriteFailureTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Hocon + FaultyJournal.Hocon, output: output)
{
    private static PeerCommands.Register RegisterPeer(string id) => new(id, "127.0.0.1", "host", 15001, "1.0.6", "t1", "cid-1");

    [Fact]
    public void A_peer_record_the_journal_refuses_is_answered_and_the_entity_goes_on()
    {
        var id = $"{FaultyJournal.Refuses}-127.0.0.1-15001";
        var peer = Sys.ActorOf(PeerEntity.Props(id, PeerExpiry.Default));

        peer.Tell(RegisterPeer(id), TestActor);

        Assert.Contains("refuses", ExpectMsg<NotRecorded>().Reason);
        peer.Tell(new PeerCommands.GetPeer(id), TestActor);
        ExpectMsg<PeerReplies.PeerUnknown>();
    }

    [Fact]
    public void A_peer_record_the_journal_fails_is_answered_and_the_entity_stops()
    {
        var peer = Sys.ActorOf(PeerEntity.Props("host-127.0.0.1-15001", PeerExpiry.Default));
        Watch(peer);

        peer.Tell(RegisterPeer("host-127.0.0.1-15001"), TestActor);

        Assert.Contains("down", ExpectMsg<NotRecorded>().Reason);
        ExpectTerminated(peer);
    }

    [Fact]
    public void A_new_task_the_journal_fails_to_create_answers_its_registration()
    {
        var cdn = CreateTestProbe();
        var settings = new TaskEntitySettings(Samples.Here, _ => true, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(3));
        var task = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), settings, cdn));

        task.Tell(Samples.Register(), TestActor);
        var probe = cdn.ExpectMsg<CdnCommands.ProbeSource>();
        cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));

        Assert.Equal(ShardNames.PersistenceId(ShardNames.Task, Samples.TaskId()), ExpectMsg<NotRecorded>().PersistenceId);
        cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
