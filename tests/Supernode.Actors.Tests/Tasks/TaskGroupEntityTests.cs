using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Supernode.Actors.Cdn;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>A hot task's split, as the task entity and a group entity do it, with probes for the regions between them.</summary>
public sealed class TaskGroupEntityTests : TestKit
{
    private static readonly string TaskId = Samples.TaskId();
    private readonly TestProbe _cdn;
    private readonly TestProbe _tasks;
    private readonly TestProbe _groups;

    public TaskGroupEntityTests(ITestOutputHelper output) : base(ActorTestConfig.Hocon, output: output)
    {
        _cdn = CreateTestProbe("cdn");
        _tasks = CreateTestProbe("tasks");
        _groups = CreateTestProbe("groups");
    }

    private static TaskEntitySettings Settings => new(Samples.Here, _ => true, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(3),
        SoftStateEvery: TimeSpan.FromMilliseconds(100), UpReplicas: () => 3, ClientsPerGroup: 3);

    private static string Cid(int i) => $"10.0.0.{i}-{i}-1700000000.000";

    private static TaskCommands.PullPieceTask FirstPull(string cid) => new(TaskId, cid, "", PullStatus.Started, -1, null);

    [Fact]
    public void A_task_that_reaches_a_group_of_clients_splits_and_hands_its_clients_calls_to_their_groups()
    {
        var task = Sys.ActorOf(TaskEntity.Props(TaskId, Settings, _cdn.Ref, _groups.Ref));
        task.Tell(Samples.Register(Cid(1)), TestActor);
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        ExpectMsg<TaskReplies.Registered>();
        _groups.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        foreach (var i in new[] { 2, 3 })
        {
            task.Tell(Samples.Register(Cid(i)), TestActor);
            ExpectMsg<TaskReplies.Registered>();
        }

        var baselines = Enumerable.Range(0, 3).Select(_ => _groups.ExpectMsg<TaskGroupCommands.Feed>()).OrderBy(f => f.Group).ToList();
        Assert.All(baselines, b => Assert.True(b.Baseline && b.Groups == 3));
        Assert.Equal([Cid(1), Cid(2), Cid(3)], baselines.SelectMany(b => b.Task!.Clients.Keys).Order());
        Assert.All(baselines, b => Assert.All(b.Task!.Clients.Keys, cid => Assert.Equal(b.Group, ClientGroup.Of(cid, 3))));

        task.Tell(FirstPull(Cid(2)), TestActor);
        var handed = _groups.ExpectMsg<TaskGroupCommands.Pull>();
        Assert.Equal((ClientGroup.Of(Cid(2), 3), Cid(2)), (handed.Group, handed.Call.SrcCid));
        Assert.Equal(TestActor, _groups.LastSender);

        task.Tell(Samples.Register(Cid(4)), TestActor);
        ExpectMsg<TaskReplies.Registered>();
        var joined = _groups.ExpectMsg<TaskGroupCommands.Feed>();
        Assert.Equal((ClientGroup.Of(Cid(4), 3), Cid(4)), (joined.Group, Assert.Single(joined.Joined).Cid));

        // Answered through the group region, the way the feeds go, so a baseline never overtakes a feed.
        task.Tell(new TaskCommands.JoinGroup(TaskId, 1), TestActor);
        Assert.True(_groups.ExpectMsg<TaskGroupCommands.Feed>().Baseline);
        task.Tell(new TaskCommands.JoinGroup(TaskId, 3), TestActor);
        _groups.ExpectMsg<TaskGroupCommands.Dissolve>();
    }

    [Fact]
    public void A_group_schedules_its_clients_once_joined_shares_its_holders_and_hands_everything_back_when_dissolved()
    {
        var group = Sys.ActorOf(TaskGroupEntity.Props(TaskGroupId.Of(TaskId, 1), Settings, new TaskGroupLinks(_tasks.Ref, _groups.Ref)));
        var join = _tasks.ExpectMsg<TaskCommands.JoinGroup>();
        Assert.Equal((TaskId, 1), (join.TaskId, join.Group));
        var cid = Enumerable.Range(0, 100).Select(Cid).First(c => ClientGroup.Of(c, 3) == 1);

        // A pull that comes before the baseline waits for it.
        group.Tell(FirstPull(cid), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var task = TaskState.Empty(TaskId)
            .Apply(new TaskEvents.TaskCreated(TaskId, Samples.Source(), 15, 4194304, DateTimeOffset.UtcNow))
            .Apply(new TaskEvents.ClientRegistered(Samples.Client(cid), DateTimeOffset.UtcNow))
            .Apply(new TaskEvents.CdnCopyStarted("copy1", Samples.Here, 15, DateTimeOffset.UtcNow))
            .Apply(new TaskEvents.CdnCopySucceeded("copy1", 20, 15, "md5", ["8f95b369fc1f8d38262bb1b42d1ac87c:20"], DateTimeOffset.UtcNow))
            .Apply(new TaskEvents.TaskSplit(3, DateTimeOffset.UtcNow));
        _tasks.Reply(new TaskGroupFeeds().Baseline(task, null, 1).Single());
        var piece = Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces);

        group.Tell(new TaskCommands.ReportPieceSuccess(TaskId, cid, piece.Cid, 0), TestActor);
        ExpectMsg<TaskReplies.PieceAccepted>();
        var shared = _groups.FishForMessage<TaskGroupCommands.SiblingHolders>(s => s.Holders.Length == 1, TimeSpan.FromSeconds(3));
        Assert.Equal((1, cid, 0, 1), (shared.From, shared.Holders[0].Cid, shared.Page, shared.Pages));
        Assert.Contains(shared.Group, new[] { 0, 2 });
        Assert.Contains(cid, _tasks.FishForMessage<TaskCommands.GroupActivity>(_ => true, TimeSpan.FromSeconds(5)).Cids);

        group.Tell(new TaskGroupCommands.Dissolve(TaskId, 1));
        group.Tell(FirstPull(cid), TestActor);
        _tasks.FishForMessage<TaskCommands.PullPieceTask>(_ => true);
        Assert.Equal(TestActor, _tasks.LastSender);
    }
}
