using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Tasks;

public sealed class TaskEntityTests : TestKit
{
    private readonly TestProbe _cdn;

    public TaskEntityTests(ITestOutputHelper output) : base(ActorTestConfig.Hocon, output: output) => _cdn = CreateTestProbe("cdn");

    private readonly HashSet<string> _upNodes = [Samples.Here.NodeAddress];

    private TaskEntitySettings Settings => new(Samples.Here, a => _upNodes.Contains(a), TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(3),
        SoftStateEvery: TimeSpan.FromMilliseconds(100));

    private IActorRef Entity(string? taskId = null, TaskEntitySettings? settings = null) =>
        Sys.ActorOf(TaskEntity.Props(taskId ?? Samples.TaskId(), settings ?? Settings, _cdn.Ref));

    /// <summary>The entity under a parent that stops it as its shard does, through whom it is sent everything.</summary>
    private IActorRef EntityInShard() => Sys.ActorOf(ShardStandIn.Props(TaskEntity.Props(Samples.TaskId(), Settings, _cdn.Ref)));

    private CdnCommands.StartCopy RegisterNewTask(IActorRef entity, long length = 15)
    {
        entity.Tell(Samples.Register(), TestActor);
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        Assert.Equal(Samples.Url, probe.Source.RawUrl);
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, length, 200, ""));
        var registered = ExpectMsg<TaskReplies.Registered>();
        Assert.Equal(new TaskReplies.Registered(Samples.TaskId(), length, 4194304), registered);
        return _cdn.ExpectMsg<CdnCommands.StartCopy>();
    }

    private static TaskCommands.CdnCopyFinished Finished(CdnCommands.StartCopy start, CdnCopyOrigin origin = CdnCopyOrigin.Downloaded) =>
        new(start.TaskId, start.CopyId, true, origin, 20, 15, "a6692a2fcad80f04a0250410d311917a",
            ["8f95b369fc1f8d38262bb1b42d1ac87c:20"], "");

    /// <summary>A task whose copy succeeded, with its entity stopped as a restart stops it; the next <see cref="Entity"/> recovers it.</summary>
    private CdnCommands.StartCopy CopiedThenStopped()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        return start;
    }

    [Fact]
    public void A_full_delete_forgets_the_task_and_has_the_holder_remove_its_copy()
    {
        var entity = Entity();
        entity.Tell(Finished(RegisterNewTask(entity)));
        entity.Tell(new TaskCommands.DeleteTask(Samples.TaskId(), Full: true), TestActor);
        Assert.Equal(Samples.TaskId(), _cdn.ExpectMsg<CdnCommands.RemoveCopy>().TaskId);
        _cdn.Reply(new CdnReplies.CopyRemoved(Samples.TaskId(), Samples.Here.NodeAddress));
        ExpectMsg<CdnReplies.CopyRemoved>();

        // Recovered, the task is gone; a registration makes it anew.
        var again = Entity();
        again.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        ExpectMsg<TaskReplies.TaskUnknown>();
        again.Tell(new TaskCommands.DeleteTask(Samples.TaskId(), Full: true), TestActor);
        Assert.False(ExpectMsg<TaskReplies.TaskDeleted>().Existed);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_delete_without_full_keeps_the_disk_copy()
    {
        var entity = Entity();
        entity.Tell(Finished(RegisterNewTask(entity)));
        entity.Tell(new TaskCommands.DeleteTask(Samples.TaskId(), Full: false), TestActor);
        Assert.True(ExpectMsg<TaskReplies.TaskDeleted>().Existed);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_piece_map_shows_each_client_with_its_pieces_in_flight()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start));
        var cid = Samples.Client().Cid;
        entity.Tell(new TaskCommands.PullPieceTask(Samples.TaskId(), cid, "", PullStatus.Started, -1, null), TestActor);
        ExpectMsg<TaskReplies.PiecesAssigned>();

        entity.Tell(new TaskCommands.GetPieceMap(Samples.TaskId()), TestActor);
        var map = ExpectMsg<TaskReplies.PieceMap>();
        Assert.Equal((CdnStatus.Success, 1, 1, 1), (map.CdnStatus, map.PieceTotal, map.PiecesWritten, map.SupernodeLoad));
        var client = Assert.Single(map.Clients);
        Assert.Equal(cid, client.Cid);
        Assert.Equal(new Supernode.Actors.Scheduling.RunningPieceView(0, Samples.Here.SuperCid(Samples.TaskId())), Assert.Single(client.Running));
        Assert.Equal(("", 0), (client.Held, client.PiecesHeld));
    }

    [Fact]
    public void A_registration_right_behind_a_read_of_the_unknown_task_is_answered_before_the_entity_stops()
    {
        // A script reads the task while the first client registers: the read's answer passivates the empty entity,
        // with the registration already in its mailbox. It is answered, and its copy begun, before the entity stops.
        var shard = EntityInShard();
        Watch(shard);
        shard.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        shard.Tell(Samples.Register(), TestActor);
        ExpectMsg<TaskReplies.TaskUnknown>();
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        ExpectMsg<TaskReplies.Registered>();
        _cdn.ExpectMsg<CdnCommands.StartCopy>();
        ExpectTerminated(shard);
    }

    [Fact]
    public void Registrations_behind_a_read_of_the_unknown_task_are_answered_and_their_held_copy_begun_before_the_entity_stops()
    {
        // Two clients: the second registers while the source is probed, so the copy is held for the burst, and the
        // second's join is written while the stop waits in line. Neither answer nor copy is lost to the stop.
        var shard = EntityInShard();
        Watch(shard);
        shard.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        shard.Tell(Samples.Register("127.0.0.1-1-1.000"), TestActor);
        shard.Tell(Samples.Register("127.0.0.1-2-1.000"), TestActor);
        ExpectMsg<TaskReplies.TaskUnknown>();
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        ExpectMsg<TaskReplies.Registered>();
        ExpectMsg<TaskReplies.Registered>();
        _cdn.ExpectMsg<CdnCommands.StartCopy>();
        ExpectTerminated(shard);
    }

    [Fact]
    public void A_registration_revalidating_the_copy_when_the_shard_stops_the_entity_is_answered_first()
    {
        // A hand-off stops the entity while the first registration after its restart waits for the holder's
        // revalidation: the registration, decided again once the copy is checked, is answered before it stops.
        CopiedThenStopped();
        var shard = EntityInShard();
        Watch(shard);
        shard.Tell(Samples.Register("after-restart"), TestActor);
        shard.Tell(StopEntity.Instance);
        var revalidate = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        _cdn.Reply(Finished(revalidate, CdnCopyOrigin.CacheHit));
        ExpectMsg<TaskReplies.Registered>();
        ExpectTerminated(shard);
    }

    [Fact]
    public void First_registration_probes_the_source_then_starts_one_copy()
    {
        var start = RegisterNewTask(Entity());
        Assert.Equal(4194304, start.PieceSize);
        Assert.Equal(15, start.HttpFileLength);
    }

    [Fact]
    public void Ten_concurrent_registrations_probe_once_and_get_the_same_answer()
    {
        var entity = Entity();
        for (var i = 0; i < 10; i++) entity.Tell(Samples.Register($"127.0.0.1-{i}-1.000"), TestActor);
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        var answers = Enumerable.Range(0, 10).Select(_ => ExpectMsg<TaskReplies.Registered>()).Distinct().ToList();
        Assert.Single(answers);
        _cdn.ExpectMsg<CdnCommands.StartCopy>();
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        entity.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        Assert.Equal(10, ExpectMsg<TaskReplies.TaskView>().ClientIds.Length);
    }

    [Fact]
    public void A_copy_decided_on_while_others_registered_begins_once_their_registrations_are_answered()
    {
        // The CDN manager is the test actor too: one queue shows what came first.
        var entity = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), Settings with { CopyStartQuiet = TimeSpan.FromMilliseconds(200) }, TestActor));
        for (var i = 0; i < 10; i++) entity.Tell(Samples.Register($"127.0.0.1-{i}-1.000"), TestActor);
        var probe = ExpectMsg<CdnCommands.ProbeSource>();
        entity.Tell(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""), TestActor);

        for (var i = 0; i < 10; i++) ExpectMsg<TaskReplies.Registered>();
        ExpectMsg<CdnCommands.StartCopy>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_held_copy_also_waits_while_the_replica_takes_other_tasks_registrations()
    {
        var replica = new RegistrationActivity();
        // The quiet wait is well above the 100 ms between two registrations below: a clean ./test.sh, compiling the next
        // projects meanwhile, held this test's thread for over 400 ms (the former quiet wait) and the copy began.
        var settings = Settings with { CopyStartQuiet = TimeSpan.FromMilliseconds(1500), CopyStartMaxWait = TimeSpan.FromMinutes(1), ReplicaRegistrations = replica };
        var entity = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), settings, TestActor));
        for (var i = 0; i < 3; i++) entity.Tell(Samples.Register($"127.0.0.1-{i}-1.000"), TestActor);
        var probe = ExpectMsg<CdnCommands.ProbeSource>();
        entity.Tell(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""), TestActor);
        for (var i = 0; i < 3; i++) ExpectMsg<TaskReplies.Registered>();

        // Other tasks' registrations keep coming for twice the quiet wait: the copy waits for them.
        for (var i = 0; i < 30; i++)
        {
            replica.Seen(Environment.TickCount64);
            ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        }
        ExpectMsg<CdnCommands.StartCopy>(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_lone_registrations_copy_begins_at_once()
    {
        var settings = Settings with { CopyStartQuiet = TimeSpan.FromMinutes(1), CopyStartMaxWait = TimeSpan.FromMinutes(1) };
        var start = RegisterNewTask(Entity(settings: settings));
        Assert.Equal(15, start.HttpFileLength);
    }

    [Fact]
    public void A_404_source_is_refused_without_asking_it_again_within_the_interval()
    {
        var entity = Entity();
        entity.Tell(Samples.Register(), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(Samples.TaskId(), SourceProbeOutcome.NotFound, -1, 404, "Not Found"));
        Assert.Equal(RegistrationFailure.SourceNotFound, ExpectMsg<TaskReplies.RegistrationRefused>().Reason);

        entity.Tell(Samples.Register("other"), TestActor);
        Assert.Equal(RegistrationFailure.SourceNotFound, ExpectMsg<TaskReplies.RegistrationRefused>().Reason);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [InlineData(SourceProbeOutcome.AuthRequired, RegistrationFailure.SourceAuthRequired)]
    [InlineData(SourceProbeOutcome.Unreachable, RegistrationFailure.SourceUnreachable)]
    [InlineData(SourceProbeOutcome.Denied, RegistrationFailure.SourceDenied)]
    public void Other_probe_failures_are_refused_and_probed_again_next_time(SourceProbeOutcome outcome, RegistrationFailure expected)
    {
        var entity = Entity();
        entity.Tell(Samples.Register(), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(Samples.TaskId(), outcome, -1, 401, "x"));
        Assert.Equal(expected, ExpectMsg<TaskReplies.RegistrationRefused>().Reason);
        RegisterNewTask(Entity());
    }

    [Fact]
    public void Probe_without_answer_is_refused_as_unreachable()
    {
        var entity = Entity();
        entity.Tell(Samples.Register(), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        Assert.Equal(RegistrationFailure.SourceUnreachable,
            ExpectMsg<TaskReplies.RegistrationRefused>(TimeSpan.FromSeconds(10)).Reason);
    }

    [Fact]
    public void Same_taskId_with_md5_then_identifier_is_a_conflict()
    {
        var taskId = TaskIdentity.Compute(Samples.Url, "X", null, (string?)null);
        var entity = Entity(taskId);
        entity.Tell(new TaskCommands.Register(taskId, Samples.Source(md5: "X"), Samples.Client()), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(taskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        ExpectMsg<TaskReplies.Registered>();
        entity.Tell(new TaskCommands.Register(taskId, Samples.Source(identifier: "X"), Samples.Client("c2")), TestActor);
        Assert.Equal(RegistrationFailure.TaskConflict, ExpectMsg<TaskReplies.RegistrationRefused>().Reason);
    }

    [Fact]
    public void Pieces_written_are_known_while_the_copy_runs_and_the_outcome_is_durable()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity, 8388598);
        entity.Tell(new TaskCommands.CdnPiecesWritten(start.TaskId, start.CopyId, 8388598, 0, ["a:4194304"]));
        entity.Tell(new TaskCommands.GetTask(start.TaskId), TestActor);
        var view = ExpectMsg<TaskReplies.TaskView>();
        Assert.Equal((CdnStatus.Running, 1, 2), (view.CdnStatus, view.PiecesWritten, view.PieceTotal));

        entity.Tell(new TaskCommands.CdnPiecesWritten(start.TaskId, "stale-copy", 8388598, 1, ["b:4194304"]));
        entity.Tell(Finished(start));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var again = Entity();
        again.Tell(new TaskCommands.GetTask(start.TaskId), TestActor);
        var recovered = ExpectMsg<TaskReplies.TaskView>();
        Assert.Equal((CdnStatus.Success, 1, "a6692a2fcad80f04a0250410d311917a"), (recovered.CdnStatus, recovered.PieceTotal, recovered.RealMd5));
    }

    [Fact]
    public void A_pull_with_nothing_to_fetch_yet_is_held_and_answered_with_the_first_piece_written_or_a_wait_after_a_second()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity, 8388598);
        var cid = Samples.Client().Cid;
        entity.Tell(new TaskCommands.PullPieceTask(Samples.TaskId(), cid, "", PullStatus.Started, -1, null), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        entity.Tell(new TaskCommands.CdnPiecesWritten(start.TaskId, start.CopyId, 8388598, 0, ["a:4194304"]));
        Assert.Equal(0, Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces).PieceNum);

        // Piece 0 is this client's already; piece 1 is not written: a wait, once the hold is over.
        var asked = DateTime.UtcNow;
        entity.Tell(new TaskCommands.PullPieceTask(Samples.TaskId(), cid, "", PullStatus.Running, -1, null), TestActor);
        ExpectMsg<TaskReplies.PeerWait>(TimeSpan.FromSeconds(5));
        Assert.True(DateTime.UtcNow - asked >= HeldPulls.MaxHold - TimeSpan.FromMilliseconds(100), "the wait was answered before the hold ran out");
    }

    [Fact]
    public void After_a_restart_the_first_registration_waits_for_the_holder_to_revalidate_the_copy()
    {
        var start = CopiedThenStopped();

        var again = Entity();
        again.Tell(Samples.Register("after-restart"), TestActor);
        var revalidate = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        Assert.Equal(start.CopyId, revalidate.CopyId);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _cdn.Reply(Finished(revalidate, CdnCopyOrigin.CacheHit));
        Assert.Equal(15, ExpectMsg<TaskReplies.Registered>().FileLength);

        again.Tell(Samples.Register("second"), TestActor);
        ExpectMsg<TaskReplies.Registered>();
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_copy_whose_holder_is_gone_is_started_again_here()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        _upNodes.Clear();

        // Another replica takes the task over.
        var other = new CdnLocation("akka.tcp://supernode@127.0.0.2:4053", "127.0.0.2", 8001);
        var again = Entity(settings: Settings with { LocalCdn = other });
        again.Tell(Samples.Register("after-holder-loss"), TestActor);
        var restart = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        Assert.NotEqual(start.CopyId, restart.CopyId);
        ExpectMsg<TaskReplies.Registered>();
    }

    [Fact]
    public void A_copy_this_replica_made_under_an_earlier_cluster_address_is_still_its_own()
    {
        var start = CopiedThenStopped();

        // Restarted with a new remoting port: same advertised download address, so the same repo on disk.
        var now = Samples.Here with { NodeAddress = "akka.tcp://supernode@127.0.0.1:5999" };
        _upNodes.Clear();
        _upNodes.Add(now.NodeAddress);
        var again = Entity(settings: Settings with { LocalCdn = now });
        again.Tell(Samples.Register("after-restart"), TestActor);
        Assert.Equal(start.CopyId, _cdn.ExpectMsg<CdnCommands.StartCopy>().CopyId);
    }

    [Fact]
    public void After_a_restart_whose_copy_holder_is_gone_the_entity_keeps_answering()
    {
        var start = CopiedThenStopped();
        _upNodes.Clear();

        // Another replica re-starts the copy (a persist) and the registration continues behind it.
        var again = Entity(settings: Settings with { LocalCdn = new CdnLocation("akka.tcp://supernode@127.0.0.2:4053", "127.0.0.2", 8001) });
        again.Tell(Samples.Register("after-restart"), TestActor);
        var restart = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        ExpectMsg<TaskReplies.Registered>();
        again.Tell(Finished(restart, CdnCopyOrigin.CacheHit));
        for (var i = 0; i < 3; i++)
        {
            again.Tell(new TaskCommands.GetTask(start.TaskId), TestActor);
            Assert.Equal(CdnStatus.Success, ExpectMsg<TaskReplies.TaskView>().CdnStatus);
        }
        again.Tell(Samples.Register("later"), TestActor);
        ExpectMsg<TaskReplies.Registered>();
    }

    [Fact]
    public void A_failed_copy_is_retried_by_the_next_registration()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(new TaskCommands.CdnCopyFinished(start.TaskId, start.CopyId, false, CdnCopyOrigin.Downloaded, 0, 15, "", ImmutableArray<string>.Empty, "source reset"));
        entity.Tell(Samples.Register("retry"), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(start.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        ExpectMsg<TaskReplies.Registered>();
        Assert.NotEqual(start.CopyId, _cdn.ExpectMsg<CdnCommands.StartCopy>().CopyId);
    }

    [Fact]
    public void A_source_that_changed_is_fetched_again_under_the_same_copy()
    {
        var start = CopiedThenStopped();

        var again = Entity();
        again.Tell(Samples.Register("after-change"), TestActor);
        var revalidate = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        _cdn.Reply(new TaskCommands.CdnPiecesWritten(revalidate.TaskId, revalidate.CopyId, 16, 0, ["new:21"]));
        ExpectMsg<TaskReplies.Registered>();
        again.Tell(new TaskCommands.GetTask(start.TaskId), TestActor);
        var view = ExpectMsg<TaskReplies.TaskView>();
        Assert.Equal((CdnStatus.Running, 1, 16L), (view.CdnStatus, view.PiecesWritten, view.HttpFileLength));
    }

    [Fact]
    public void A_revalidation_that_finds_the_copy_unchanged_re_reports_its_pieces_and_keeps_it()
    {
        var start = CopiedThenStopped();

        var again = Entity();
        again.Tell(Samples.Register("after-restart"), TestActor);
        var revalidate = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        // A cache hit: the holder reports what is on its disk, the same pieces, then the copy's end.
        _cdn.Reply(new TaskCommands.CdnPiecesWritten(revalidate.TaskId, revalidate.CopyId, 15, 0, Finished(start).PieceMd5s));
        ExpectMsg<TaskReplies.Registered>();
        again.Tell(new TaskCommands.GetTask(start.TaskId), TestActor);
        Assert.Equal(CdnStatus.Success, ExpectMsg<TaskReplies.TaskView>().CdnStatus);
    }

    [Fact]
    public void Unknown_task_answers_unknown() 
    {
        Entity("0000000000000000000000000000000000000000000000000000000000000000")
            .Tell(new TaskCommands.GetTask("0000000000000000000000000000000000000000000000000000000000000000"), TestActor);
        ExpectMsg<TaskReplies.TaskUnknown>();
    }

    private TaskCommands.PullPieceTask FirstPull(string cid) => new(Samples.TaskId(), cid, "", PullStatus.Started, -1, null);

    /// <summary>The task's newest snapshot in the snapshot store, if any.</summary>
    private TaskState? LatestSnapshot()
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var load = new Akka.Persistence.LoadSnapshot(ShardNames.PersistenceId(ShardNames.Task, Samples.TaskId()),
            Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue);
        return store.Ask<Akka.Persistence.LoadSnapshotResult>(load, TimeSpan.FromSeconds(3)).Result.Snapshot?.Snapshot as TaskState;
    }

    private IActorRef Restarted(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        return Entity();
    }

    [Fact]
    public void Pulls_are_answered_by_the_entity_and_who_holds_what_survives_a_restart()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(Samples.Register("b"), TestActor);
        ExpectMsg<TaskReplies.Registered>();
        entity.Tell(FirstPull("b"), TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        entity.Tell(Finished(start), TestActor);

        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        var piece = Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces);
        Assert.Equal(Samples.Here.SuperCid(Samples.TaskId()), piece.Cid);
        entity.Tell(new TaskCommands.ReportPieceSuccess(Samples.TaskId(), "127.0.0.1-1-1.000", piece.Cid, 0), TestActor);
        ExpectMsg<TaskReplies.PieceAccepted>();

        // The soft state reaches the snapshot store within its interval; no event is written per report.
        AwaitCondition(() => LatestSnapshot()?.Scheduling?.Clients.Any(c => c.Cid == "127.0.0.1-1-1.000" && c.Has.Any(w => w != 0)) == true,
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        entity = Restarted(entity);
        entity.Tell(FirstPull("b"), TestActor);
        Assert.Equal("127.0.0.1-1-1.000", Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces).Cid);
    }

    [Fact]
    public void Service_down_is_durable_and_idempotent_and_unknown_clients_are_rejected()
    {
        var entity = Entity();
        RegisterNewTask(entity);
        var down = new TaskCommands.ReportServiceDown(Samples.TaskId(), "127.0.0.1-1-1.000");
        entity.Tell(down, TestActor);
        ExpectMsg<TaskReplies.ServiceDownAccepted>();
        entity.Tell(down, TestActor);
        ExpectMsg<TaskReplies.ServiceDownAccepted>();
        entity.Tell(down with { Cid = "nobody" }, TestActor);
        ExpectMsg<TaskReplies.ReportRejected>();
        entity = Restarted(entity);
        entity.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        ExpectMsg<TaskReplies.TaskView>();
    }

    /// <summary>A task whose copy succeeded, then a client's report of a bad piece 0 from it: the repair the holder is asked for.</summary>
    private (IActorRef Entity, CdnCommands.StartCopy Start, CdnCommands.RepairPiece Repair) CopiedThenBadPieceReported()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start), TestActor);
        entity.Tell(new TaskCommands.ReportPieceError(Samples.TaskId(), "127.0.0.1-1-1.000", Samples.Here.SuperCid(Samples.TaskId()),
            PieceErrorKind.FileMd5NotMatch, 0, "bad", "good"), TestActor);
        ExpectMsg<TaskReplies.PieceErrorNoted>();
        return (entity, start, _cdn.ExpectMsg<CdnCommands.RepairPiece>());
    }

    [Fact]
    public void A_bad_cdn_piece_is_sent_to_the_holder_for_repair_and_served_again_after()
    {
        var (entity, start, repair) = CopiedThenBadPieceReported();
        var superCid = Samples.Here.SuperCid(Samples.TaskId());
        Assert.Equal((start.CopyId, 0, "8f95b369fc1f8d38262bb1b42d1ac87c:20"), (repair.CopyId, repair.PieceNum, repair.ExpectedPieceMd5));

        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        _cdn.Reply(new TaskCommands.CdnPieceRepaired(Samples.TaskId(), start.CopyId, 0, PieceRepairOutcome.Rewritten, ""));
        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        Assert.Equal(superCid, Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces).Cid);
    }

    [Fact]
    public void A_client_that_finds_no_cdn_file_has_the_holder_check_the_copy_once_per_interval()
    {
        var entity = Entity();
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start), TestActor);
        var notThere = new TaskCommands.ReportPieceError(Samples.TaskId(), "127.0.0.1-1-1.000", Samples.Here.SuperCid(Samples.TaskId()),
            PieceErrorKind.FileNotExist, -1, "", "");

        entity.Tell(notThere, TestActor);
        entity.Tell(notThere, TestActor);

        ExpectMsg<TaskReplies.PieceErrorNoted>();
        ExpectMsg<TaskReplies.PieceErrorNoted>();
        Assert.Equal(start.CopyId, _cdn.ExpectMsg<CdnCommands.StartCopy>().CopyId);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_copy_a_repair_found_damaged_is_checked_again_by_its_holder()
    {
        var (_, start, _) = CopiedThenBadPieceReported();

        _cdn.Reply(new TaskCommands.CdnPieceRepaired(Samples.TaskId(), start.CopyId, 0, PieceRepairOutcome.CopyDamaged, "the data file is missing"));

        // The holder revalidates the copy, finds its data file wrong, and makes it again under the same copy id.
        Assert.Equal(start.CopyId, _cdn.ExpectMsg<CdnCommands.StartCopy>().CopyId);
    }

    [Fact]
    public void A_pull_after_the_holder_died_makes_the_copy_again_here_once_and_waits()
    {
        var start = CopiedThenStopped();
        _upNodes.Clear();
        var other = new CdnLocation("akka.tcp://supernode@127.0.0.2:4053", "127.0.0.2", 8002);
        _upNodes.Add(other.NodeAddress);
        var entity = Entity(settings: Settings with { LocalCdn = other });

        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        var again = _cdn.ExpectMsg<CdnCommands.StartCopy>();
        Assert.NotEqual(start.CopyId, again.CopyId);
        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        entity.Tell(Finished(again, CdnCopyOrigin.Downloaded), TestActor);
        entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
        var piece = Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces);
        Assert.Equal((other.SuperCid(start.TaskId), "127.0.0.2", 8002), (piece.Cid, piece.PeerIp, piece.PeerPort));
    }

    [Fact]
    public void A_pull_that_finds_the_holder_gone_still_records_the_piece_it_reports()
    {
        CopiedThenStopped();
        var other = new CdnLocation("akka.tcp://supernode@127.0.0.2:4053", "127.0.0.2", 8002);
        _upNodes.Add(other.NodeAddress);
        var entity = Entity(settings: Settings with { LocalCdn = other });
        // The holder is another replica (here, nobody answers its revalidation: the copy is kept after the wait).
        entity.Tell(Samples.Register(), TestActor);
        ExpectMsg<TaskReplies.Registered>(TimeSpan.FromSeconds(10));
        entity.Tell(FirstPull(Samples.Client().Cid), TestActor);
        var piece = Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces);

        // The holder dies; the client's next pull reports the piece it could not fetch from there.
        _upNodes.Remove(Samples.Here.NodeAddress);
        entity.Tell(new TaskCommands.PullPieceTask(Samples.TaskId(), Samples.Client().Cid, piece.Cid, PullStatus.Running, piece.PieceNum, Actors.Scheduling.PieceResult.Failed),
            TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        _cdn.ExpectMsg<CdnCommands.StartCopy>();
        entity.Tell(new TaskCommands.GetPieceMap(Samples.TaskId()), TestActor);
        Assert.Empty(ExpectMsg<TaskReplies.PieceMap>().Clients.Single(c => c.Cid == Samples.Client().Cid).Running);
    }

    [Fact]
    public void A_pull_reaching_the_task_after_its_caller_gave_up_hands_out_nothing()
    {
        var entity = Entity();
        entity.Tell(Finished(RegisterNewTask(entity)));

        // The gateway already answered 602 for it: pieces handed out now would stay taken until they time out.
        entity.Tell(FirstPull(Samples.Client().Cid) with { AnswerBy = DateTimeOffset.UtcNow.AddSeconds(-1) }, TestActor);
        ExpectMsg<TaskReplies.PeerWait>();
        entity.Tell(new TaskCommands.GetPieceMap(Samples.TaskId()), TestActor);
        Assert.Empty(ExpectMsg<TaskReplies.PieceMap>().Clients.Single().Running);

        entity.Tell(FirstPull(Samples.Client().Cid) with { AnswerBy = DateTimeOffset.UtcNow.AddSeconds(5) }, TestActor);
        Assert.Single(ExpectMsg<TaskReplies.PiecesAssigned>().Pieces);
    }

    /// <summary>
    /// Short enough for a test, long enough that the test's own pulls keep a task in use on a loaded machine: with
    /// 600 ms a test thread held up for 0.7 s (the whole suite in parallel on two cores) let the task expire.
    /// </summary>
    private TaskEntitySettings Expiring => Settings with
    {
        Expiry = new TaskExpiry(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300)),
    };

    [Fact]
    public void An_unused_task_expires_and_a_new_registration_makes_it_again()
    {
        var collectedBefore = Metrics.GcMetrics.Tasks.Value;
        var entity = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), Expiring, _cdn.Ref));
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start));
        AwaitAssert(() =>
        {
            entity.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
            ExpectMsg<TaskReplies.TaskUnknown>();
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        Assert.True(Metrics.GcMetrics.Tasks.Value > collectedBefore);

        // Its events are gone: a new incarnation knows nothing, and a registration starts over.
        var again = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), Expiring, _cdn.Ref));
        again.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
        ExpectMsg<TaskReplies.TaskUnknown>();
        RegisterNewTask(again);
    }

    [Fact]
    public void A_silent_client_and_a_long_down_one_are_forgotten_while_a_pulling_one_stays()
    {
        var entity = Sys.ActorOf(TaskEntity.Props(Samples.TaskId(), Expiring, _cdn.Ref));
        var start = RegisterNewTask(entity);
        entity.Tell(Finished(start));
        foreach (var cid in new[] { "silent", "down" })
        {
            entity.Tell(Samples.Register(cid), TestActor);
            ExpectMsg<TaskReplies.Registered>();
        }
        entity.Tell(new TaskCommands.ReportServiceDown(Samples.TaskId(), "down"), TestActor);
        ExpectMsg<TaskReplies.ServiceDownAccepted>();

        // The first client keeps pulling (the task stays in use); the others go quiet.
        AwaitAssert(() =>
        {
            entity.Tell(FirstPull("127.0.0.1-1-1.000"), TestActor);
            ExpectMsg<object>();
            entity.Tell(new TaskCommands.GetTask(Samples.TaskId()), TestActor);
            Assert.Equal(["127.0.0.1-1-1.000"], ExpectMsg<TaskReplies.TaskView>().ClientIds.ToArray());
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        entity.Tell(FirstPull("silent"), TestActor);
        Assert.Equal(PullFailure.NotRegistered, ExpectMsg<TaskReplies.PullFailed>().Failure);
    }

    // A preheat warms a task as a registration does, without a client, and follows its copy.

    private static TaskCommands.Preheat Preheat(bool retryFailedCopy = true) => new(Samples.TaskId(), Samples.Source(), retryFailedCopy);

    private CdnCommands.StartCopy WarmNewTask(IActorRef entity)
    {
        entity.Tell(Preheat(), TestActor);
        var probe = _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(probe.TaskId, SourceProbeOutcome.Reachable, 15, 200, ""));
        var view = ExpectMsg<TaskReplies.TaskView>();
        Assert.Equal((CdnStatus.Running, 15L), (view.CdnStatus, view.HttpFileLength));
        Assert.Empty(view.ClientIds);
        return _cdn.ExpectMsg<CdnCommands.StartCopy>();
    }

    [Fact]
    public void A_preheat_creates_the_task_and_starts_its_copy_without_a_client_then_sees_it_succeed()
    {
        var entity = Entity();
        var start = WarmNewTask(entity);
        entity.Tell(new TaskCommands.CdnCopyFinished(start.TaskId, start.CopyId, true, CdnCopyOrigin.Downloaded, 20, 15, "md5", ["a:20"], ""));
        entity.Tell(Preheat(retryFailedCopy: false), TestActor);
        Assert.Equal(CdnStatus.Success, ExpectMsg<TaskReplies.TaskView>().CdnStatus);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // A dfget that registers next is a client of the warmed task at once.
        entity.Tell(Samples.Register(), TestActor);
        Assert.Equal(new TaskReplies.Registered(Samples.TaskId(), 15, 4194304), ExpectMsg<TaskReplies.Registered>());
    }

    [Fact]
    public void A_failed_copy_is_reported_to_a_poll_and_made_again_only_when_asked()
    {
        var entity = Entity();
        var start = WarmNewTask(entity);
        entity.Tell(new TaskCommands.CdnCopyFinished(start.TaskId, start.CopyId, false, CdnCopyOrigin.Downloaded, 0, 15, "", [], "source reset"));
        entity.Tell(Preheat(retryFailedCopy: false), TestActor);
        Assert.Equal(CdnStatus.Failed, ExpectMsg<TaskReplies.TaskView>().CdnStatus);
        _cdn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        entity.Tell(Preheat(retryFailedCopy: true), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
    }

    [Fact]
    public void A_preheat_of_a_missing_source_is_refused_with_the_answer()
    {
        var entity = Entity();
        entity.Tell(Preheat(), TestActor);
        _cdn.ExpectMsg<CdnCommands.ProbeSource>();
        _cdn.Reply(new CdnReplies.SourceProbed(Samples.TaskId(), SourceProbeOutcome.NotFound, -1, 404, "not found"));
        var refused = ExpectMsg<TaskReplies.RegistrationRefused>();
        Assert.Equal(RegistrationFailure.SourceNotFound, refused.Reason);
        Assert.Contains("404", refused.Message);
    }
}
