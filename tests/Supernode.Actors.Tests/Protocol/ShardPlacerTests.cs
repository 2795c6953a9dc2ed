using Akka.Actor;
using Akka.TestKit.Xunit2;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Protocol;

public sealed class ShardPlacerTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Hocon, output: output)
{
    private const string A = "akka.tcp://supernode@10.0.0.1:4053";
    private const string B = "akka.tcp://supernode@10.0.0.2:4053";
    private const string C = "akka.tcp://supernode@10.0.0.3:4053";
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private static readonly IReadOnlyDictionary<string, string> TaskShards =
        ShardPlacement.EntityInEachShard(EntityMessageExtractors.Tasks(), "warmup");

    private IActorRef Placer(IActorRef region, TimeSpan? answerTimeout = null) => Sys.ActorOf(Props.Create(() =>
        new ShardPlacer(region, TaskShards, id => new TaskCommands.GetTask(id), Settle, answerTimeout ?? TimeSpan.FromSeconds(5), false)));

    /// <summary>Answers each placement ask as an unknown task does, and returns the ids asked for.</summary>
    private static List<string> AnswerAll(Akka.TestKit.TestProbe region, int count)
    {
        var asked = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var get = region.ExpectMsg<TaskCommands.GetTask>(TimeSpan.FromSeconds(5));
            asked.Add(get.TaskId);
            region.Reply(new TaskReplies.TaskUnknown(get.TaskId));
        }
        return asked;
    }

    [Fact]
    public void A_lone_replica_places_nothing_and_is_placed_at_once()
    {
        var region = CreateTestProbe();
        var placer = Placer(region);

        placer.Tell(new ShardPlacer.MembersChanged([A], A));
        placer.Tell(ShardPlacer.WhenPlaced.Instance);

        ExpectMsg<ShardPlacer.Placed>(TimeSpan.FromSeconds(3));
        region.ExpectNoMsg(Settle * 3);
    }

    [Fact]
    public void A_replica_not_up_yet_is_placed_only_once_it_is_up_and_has_placed_its_share()
    {
        // Joining: the others are Up, this replica not yet. Were it placed now, it would report ready, and the load
        // balancer send it a storm, before it placed anything.
        var region = CreateTestProbe();
        var placer = Placer(region);

        placer.Tell(new ShardPlacer.MembersChanged([A, B], C));
        placer.Tell(ShardPlacer.WhenPlaced.Instance);
        ExpectNoMsg(Settle * 3);

        placer.Tell(new ShardPlacer.MembersChanged([A, B, C], C));
        AnswerAll(region, ShardPlacement.ShareOf(TaskShards, 2, 3).Count);
        ExpectMsg<ShardPlacer.Placed>(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void With_others_up_a_replica_asks_an_entity_in_each_shard_of_its_share_and_is_placed_once_all_answered()
    {
        var region = CreateTestProbe();
        var placer = Placer(region);

        placer.Tell(new ShardPlacer.MembersChanged([C, A, B], B));
        placer.Tell(ShardPlacer.WhenPlaced.Instance);
        var share = ShardPlacement.ShareOf(TaskShards, 1, 3);
        var asked = AnswerAll(region, share.Count - 1);
        ExpectNoMsg(Settle);
        asked.AddRange(AnswerAll(region, 1));

        ExpectMsg<ShardPlacer.Placed>(TimeSpan.FromSeconds(3));
        Assert.Equal(share.Order(), asked.Order());
        region.ExpectNoMsg(Settle * 2);
    }

    [Fact]
    public void Members_that_change_before_they_settle_are_placed_for_once_as_they_end()
    {
        var region = CreateTestProbe();
        var placer = Placer(region);

        placer.Tell(new ShardPlacer.MembersChanged([A, B], A));
        placer.Tell(new ShardPlacer.MembersChanged([A, B, C], A));
        placer.Tell(ShardPlacer.WhenPlaced.Instance);
        var asked = AnswerAll(region, ShardPlacement.ShareOf(TaskShards, 0, 3).Count);

        ExpectMsg<ShardPlacer.Placed>(TimeSpan.FromSeconds(3));
        Assert.Equal(ShardPlacement.ShareOf(TaskShards, 0, 3).Order(), asked.Order());
        region.ExpectNoMsg(Settle * 3);
    }

    [Fact]
    public void A_member_leaving_has_the_others_place_again_with_the_shares_of_those_left()
    {
        var region = CreateTestProbe();
        var placer = Placer(region);
        placer.Tell(new ShardPlacer.MembersChanged([A, B, C], C));
        AnswerAll(region, ShardPlacement.ShareOf(TaskShards, 2, 3).Count);

        placer.Tell(new ShardPlacer.MembersChanged([A, C], C));
        var asked = AnswerAll(region, ShardPlacement.ShareOf(TaskShards, 1, 2).Count);

        Assert.Equal(ShardPlacement.ShareOf(TaskShards, 1, 2).Order(), asked.Order());
    }

    [Fact]
    public void Entities_that_do_not_answer_do_not_keep_the_replica_from_being_placed()
    {
        var region = CreateTestProbe();
        var placer = Placer(region, answerTimeout: TimeSpan.FromMilliseconds(500));

        placer.Tell(new ShardPlacer.MembersChanged([A, B], A));
        placer.Tell(ShardPlacer.WhenPlaced.Instance);

        ExpectMsg<ShardPlacer.Placed>(TimeSpan.FromSeconds(5));
        Assert.Equal(ShardPlacement.ShareOf(TaskShards, 0, 2).Count, region.ReceiveN(ShardPlacement.ShareOf(TaskShards, 0, 2).Count).Count);
    }
}
