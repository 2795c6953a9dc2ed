using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>The translation of pulls and piece reports into dfget's answers, without actors.</summary>
public sealed class TaskSchedulingTests
{
    private const int PieceSize = 4194304;
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private static readonly string TaskId = Samples.TaskId();
    private static readonly string SuperCid = Samples.Here.SuperCid(TaskId);

    private TaskState _task = TaskState.Empty(TaskId);
    private readonly TaskScheduling _scheduling = TaskScheduling.Create(SchedulerSettings.Default, new Random(7));
    private long _nowMs = 1000;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static string Md5Of(int piece) => $"{piece:x32}:{PieceSize}";

    private void Apply(ITaskEvent e)
    {
        _task = _task.Apply(e);
        _scheduling.OnEvent(e);
        _scheduling.SyncCopy(_task);
    }

    private void Created(params TaskClient[] clients)
    {
        Apply(new TaskEvents.TaskCreated(TaskId, Samples.Source(), 3L * (PieceSize - 5), PieceSize, At));
        foreach (var c in clients) Apply(new TaskEvents.ClientRegistered(c, At));
    }

    private void CopyStarted() => Apply(new TaskEvents.CdnCopyStarted("copy1", Samples.Here, 3L * (PieceSize - 5), At));

    private void Written(int pieces)
    {
        _task = _task.WithPiecesWritten(0, Enumerable.Range(0, pieces).Select(Md5Of).ToList(), _task.HttpFileLength);
        _scheduling.SyncCopy(_task);
    }

    private void CopySucceeded(int pieces) => Apply(new TaskEvents.CdnCopySucceeded(
        "copy1", (long)pieces * PieceSize, (long)pieces * (PieceSize - 5), "feedface", [.. Enumerable.Range(0, pieces).Select(Md5Of)], At));

    private object Pull(string cid, PullStatus status = PullStatus.Started, int piece = -1, PieceResult? result = null, string dst = "") =>
        _scheduling.Pull(_task, new TaskCommands.PullPieceTask(TaskId, cid, dst, status, piece, result), _nowMs, Now, out _);

    private ImmutableArray<PieceTask> Assigned(object reply) => Assert.IsType<TaskReplies.PiecesAssigned>(reply).Pieces;

    private void Good(string cid, PieceTask p)
    {
        Assert.IsType<TaskReplies.PieceAccepted>(_scheduling.ReportSuccess(_task, new TaskCommands.ReportPieceSuccess(TaskId, cid, p.Cid, p.PieceNum)));
    }

    [Fact]
    public void Unknown_task_and_unknown_client_get_502()
    {
        Assert.Equal(PullFailure.NotRegistered, Assert.IsType<TaskReplies.PullFailed>(Pull("a")).Failure);
        Created(Samples.Client("a"));
        Assert.Equal(PullFailure.NotRegistered, Assert.IsType<TaskReplies.PullFailed>(Pull("stranger")).Failure);
    }

    [Fact]
    public void Before_the_copy_starts_the_client_waits_and_a_failed_copy_gives_500()
    {
        Created(Samples.Client("a"));
        Assert.IsType<TaskReplies.PeerWait>(Pull("a"));
        CopyStarted();
        Assert.IsType<TaskReplies.PeerWait>(Pull("a"));
        Apply(new TaskEvents.CdnCopyFailed("copy1", "origin reset", At));
        Assert.Equal(PullFailure.CopyFailed, Assert.IsType<TaskReplies.PullFailed>(Pull("a")).Failure);
    }

    [Fact]
    public void Pieces_are_handed_out_as_soon_as_written_with_the_supernode_as_source()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        Written(1);
        var p = Assert.Single(Assigned(Pull("a")));
        Assert.Equal(new PieceTask(0, PieceSize, Md5Of(0), SuperCid, "127.0.0.1", 8001, CdnLocation.DownloadPath(TaskId)), p);
    }

    [Fact]
    public void Every_piece_is_handed_out_as_a_whole_slot_the_last_one_too()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(3);
        var pieces = Assigned(Pull("a")).Select(p => (p.PieceNum, p.PieceSize)).OrderBy(r => r.PieceNum).ToList();
        Assert.Equal([(0, PieceSize), (1, PieceSize), (2, PieceSize)], pieces);
    }

    [Fact]
    public void A_client_with_every_piece_gets_600_with_the_file_md5_and_702_gets_600_without_data()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(2);
        var pieces = Assigned(Pull("a"));
        object reply = null!;
        foreach (var p in pieces)
        {
            Good("a", p);
            reply = Pull("a", PullStatus.Running, p.PieceNum, PieceResult.SemiSuccess, p.Cid);
        }
        Assert.Equal(new TaskReplies.PeerFinished(2L * PieceSize, "feedface", WithData: true), reply);
        Assert.Equal(new TaskReplies.PeerFinished(0, "", WithData: false), Pull("a", PullStatus.Finished));
    }

    [Fact]
    public void A_client_without_uploader_that_finishes_is_named_to_be_marked_down()
    {
        var cdnClient = Samples.Client("c") with { Pattern = "cdn" };
        Created(cdnClient);
        CopyStarted();
        CopySucceeded(1);
        var p = Assert.Single(Assigned(Pull("c")));
        _scheduling.Pull(_task, new TaskCommands.PullPieceTask(TaskId, "c", p.Cid, PullStatus.Running, 0, PieceResult.SemiSuccess), _nowMs, Now, out var down);
        Assert.Equal("c", down);
    }

    [Fact]
    public void A_client_at_its_limit_waits_rather_than_getting_an_empty_601()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(10);
        var first = Assigned(Pull("a"));
        Assert.Equal(4, first.Length);
        // Its next pull carries a piece it already had (dfget answers those at once), the four still running.
        Assert.IsType<TaskReplies.PeerWait>(Pull("a", PullStatus.Running, 9, PieceResult.SemiSuccess, first[0].Cid));
    }

    [Fact]
    public void A_client_the_task_does_not_know_waits_if_it_started_moments_ago_else_registers_again()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(3);
        var recent = $"127.0.0.1-4242-{Now.AddSeconds(-5).ToUnixTimeMilliseconds() / 1000.0:F3}";
        var forgotten = $"127.0.0.1-4242-{Now.AddMinutes(-10).ToUnixTimeMilliseconds() / 1000.0:F3}";
        Assert.IsType<TaskReplies.PeerWait>(Pull(recent));
        Assert.Equal(PullFailure.NotRegistered, Assert.IsType<TaskReplies.PullFailed>(Pull(forgotten)).Failure);
        Assert.Equal(PullFailure.NotRegistered, Assert.IsType<TaskReplies.PullFailed>(Pull("not-a-dfget-cid")).Failure);
    }

    [Fact]
    public void A_client_failing_the_piece_it_was_just_given_again_is_answered_anew()
    {
        // Four pieces, all handed out at once: the failed one is the only one left to hand out again.
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(4);
        var first = Assigned(Pull("a"));
        var failing = Pull("a", PullStatus.Running, first[0].PieceNum, PieceResult.Failed, first[0].Cid);
        var again = Assigned(failing);
        Assert.Contains(first[0].PieceNum, again.Select(p => p.PieceNum));

        // The same piece fails again: the same pull, sent twice, and the piece is handed out again, not left running.
        var twice = Assigned(Pull("a", PullStatus.Running, first[0].PieceNum, PieceResult.Failed, first[0].Cid));
        Assert.Contains(first[0].PieceNum, twice.Select(p => p.PieceNum));
    }

    [Fact]
    public void A_pull_whose_answer_was_lost_gets_the_same_pieces_again()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(10);
        var first = Assigned(Pull("a"));
        Assert.Equal(first.Select(p => (p.PieceNum, p.Cid)), Assigned(Pull("a")).Select(p => (p.PieceNum, p.Cid)));
    }

    [Fact]
    public void A_piece_announced_by_a_peer_is_fetched_from_that_peer()
    {
        var a = Samples.Client("a", port: 15001);
        var b = Samples.Client("b", port: 15002);
        Created(a, b);
        CopyStarted();
        CopySucceeded(1);
        var first = Assert.Single(Assigned(Pull("a")));
        Good("a", first);
        var second = Assert.Single(Assigned(Pull("b")));
        Assert.Equal(("a", "127.0.0.1", 15001, a.Path), (second.Cid, second.PeerIp, second.PeerPort, second.Path));
    }

    [Fact]
    public void A_bad_piece_of_the_cdn_copy_is_withheld_until_the_cdn_checked_it()
    {
        Created(Samples.Client("a"), Samples.Client("b"));
        CopyStarted();
        CopySucceeded(1);
        var p = Assert.Single(Assigned(Pull("a")));
        _scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "a", SuperCid, PieceErrorKind.FileMd5NotMatch, 0, "bad", "good"), out var repair, out var recheck);
        Assert.Equal((0, false), (repair, recheck));
        Pull("a", PullStatus.Running, 0, PieceResult.Failed, p.Cid);
        Assert.IsType<TaskReplies.PeerWait>(Pull("b"));

        // A second report while the check runs does not start another.
        _scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "b", SuperCid, PieceErrorKind.FileMd5NotMatch, 0, "bad", "good"), out repair, out _);
        Assert.Equal(-1, repair);

        _scheduling.PieceRepaired(0);
        Assert.Equal(SuperCid, Assert.Single(Assigned(Pull("b"))).Cid);
    }

    [Fact]
    public void A_missing_cdn_file_asks_for_a_recheck_of_the_copy()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(1);
        _scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "a", SuperCid, PieceErrorKind.FileNotExist, -1, "", ""), out var repair, out var recheck);
        Assert.Equal((-1, true), (repair, recheck));
    }

    [Fact]
    public void A_peer_that_served_a_bad_piece_is_not_offered_to_that_client_again()
    {
        Created(Samples.Client("a"), Samples.Client("b"), Samples.Client("c"));
        CopyStarted();
        CopySucceeded(1);
        Good("a", Assert.Single(Assigned(Pull("a"))));
        var fromA = Assert.Single(Assigned(Pull("b")));
        Assert.Equal("a", fromA.Cid);
        _scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "b", "a", PieceErrorKind.FileMd5NotMatch, 0, "bad", "good"), out var repair, out _);
        Assert.Equal(-1, repair);
        var retry = Assert.Single(Assigned(Pull("b", PullStatus.Running, 0, PieceResult.Failed, "a")));
        Assert.Equal(SuperCid, retry.Cid);
    }

    [Fact]
    public void Reports_naming_unknown_tasks_clients_or_sources_are_rejected_or_ignored()
    {
        var suc = new TaskCommands.ReportPieceSuccess(TaskId, "a", SuperCid, 0);
        Assert.IsType<TaskReplies.ReportRejected>(_scheduling.ReportSuccess(_task, suc));
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(1);
        Assert.IsType<TaskReplies.ReportRejected>(_scheduling.ReportSuccess(_task, suc with { DstCid = "nobody" }));
        Assert.IsType<TaskReplies.ReportRejected>(_scheduling.ReportSuccess(_task, suc with { Cid = "nobody" }));
        Assert.IsType<TaskReplies.PieceErrorNoted>(_scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "a", "nobody", PieceErrorKind.FileNotExist, -1, "", ""), out var repair, out var recheck));
        Assert.Equal((-1, false), (repair, recheck));
    }

    [Fact]
    public void A_restored_scheduler_keeps_who_holds_what_and_serves_withheld_pieces_again()
    {
        Created(Samples.Client("a"), Samples.Client("b"));
        CopyStarted();
        CopySucceeded(2);
        foreach (var p in Assigned(Pull("a"))) Good("a", p);
        _scheduling.ReportPieceError(_task,
            new TaskCommands.ReportPieceError(TaskId, "b", SuperCid, PieceErrorKind.FileMd5NotMatch, 1, "bad", "good"), out _, out _);
        Assert.True(_scheduling.Dirty);
        var snapshot = _scheduling.Snapshot();
        Assert.False(_scheduling.Dirty);

        var restored = TaskScheduling.Restore(snapshot, SchedulerSettings.Default, new Random(3));
        restored.SyncCopy(_task);
        Assert.Equal(2, restored.Scheduler.GetClient("a")!.Value.PiecesHeld);
        var pieces = Assert.IsType<TaskReplies.PiecesAssigned>(
            restored.Pull(_task, new TaskCommands.PullPieceTask(TaskId, "b", "", PullStatus.Started, -1, null), _nowMs, Now, out _)).Pieces;
        Assert.Equal([0, 1], pieces.Select(p => p.PieceNum).Order());
    }

    [Fact]
    public void A_busy_task_gets_more_pieces_from_the_supernode_at_once_up_to_a_ceiling_per_replica()
    {
        var clients = Enumerable.Range(0, 1000).Select(i => Samples.Client($"c{i}", port: 15000 + i)).ToArray();
        Created(clients);
        CopyStarted();
        CopySucceeded(10);

        int SupernodePiecesHandedOut()
        {
            foreach (var c in clients) Pull(c.Cid);
            return _scheduling.Scheduler.SupernodeLoad;
        }

        Assert.Equal(SchedulerSettings.Default.SupernodeBudgetCeiling, SupernodePiecesHandedOut());
        _scheduling.UpReplicas = 3;
        Assert.Equal(1000 / SupernodeDemand.ClientsPerPiece, SupernodePiecesHandedOut());
    }

    [Fact]
    public void A_paused_task_hands_out_nothing_but_takes_the_result_a_pull_carries_and_resumes()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(3);
        var first = Assigned(Pull("a"));
        Apply(new TaskEvents.TaskPaused(true, At));

        var wait = Assert.IsType<TaskReplies.PeerWait>(Pull("a", PullStatus.Running, first[0].PieceNum, PieceResult.Failed, first[0].Cid));
        Assert.Contains("paused", wait.Reason);
        Assert.Equal(first.Length - 1, _scheduling.Scheduler.GetClient("a")!.Value.PiecesRunning);

        Apply(new TaskEvents.TaskPaused(false, At));
        Assert.NotEmpty(Assigned(Pull("a", PullStatus.Running)));
    }

    [Fact]
    public void A_pull_hands_out_at_most_the_pieces_asked_for_and_a_result_only_pull_none()
    {
        Created(Samples.Client("a"));
        CopyStarted();
        CopySucceeded(3);
        var one = Assigned(_scheduling.Pull(_task, new TaskCommands.PullPieceTask(TaskId, "a", "", PullStatus.Started, -1, null, MaxPieces: 1),
            _nowMs, Now, out _));
        Assert.Single(one);

        var reported = _scheduling.Pull(_task, new TaskCommands.PullPieceTask(TaskId, "a", one[0].Cid, PullStatus.Running, one[0].PieceNum,
            PieceResult.Failed, MaxPieces: 0), _nowMs, Now, out _);
        Assert.IsType<TaskReplies.PieceAccepted>(reported);
        Assert.Equal(0, _scheduling.Scheduler.GetClient("a")!.Value.PiecesRunning);
    }

    [Fact]
    public void A_peer_is_named_by_its_peer_id_as_well_as_its_cid_and_one_that_finished_serves_every_piece()
    {
        var a = Samples.Client("a", port: 15001);
        var b = Samples.Client("b", port: 15002);
        Created(a, b);
        CopyStarted();
        CopySucceeded(3);

        Assert.True(_scheduling.PeerHoldsAll(_task, a.PeerId));
        Assert.False(_scheduling.PeerHoldsAll(_task, "nobody-127.0.0.1-15999"));
        var fromA = Assigned(Pull("b")).Where(p => p.Cid == "a").ToList();
        Assert.NotEmpty(fromA);
        Assert.All(fromA, p => Assert.Equal(a.PeerId, p.PeerId));

        // The REST protocol reports the source by the pID it was given: the peer id.
        var piece = fromA[0];
        Assert.IsType<TaskReplies.PieceAccepted>(_scheduling.ReportSuccess(_task, new TaskCommands.ReportPieceSuccess(TaskId, "b", a.PeerId, piece.PieceNum)));
        Assert.IsType<TaskReplies.ReportRejected>(_scheduling.ReportSuccess(_task, new TaskCommands.ReportPieceSuccess(TaskId, "b", "nobody", piece.PieceNum)));
    }

    [Fact]
    public void The_peer_ids_of_a_restored_scheduler_name_its_clients_again()
    {
        var a = Samples.Client("a", port: 15001);
        Created(a, Samples.Client("b", port: 15002));
        CopyStarted();
        CopySucceeded(1);
        var book = new TaskBook(TaskId, SchedulerSettings.Default);
        book.Restore(_task with { Scheduling = _scheduling.Snapshot() });

        Assert.True(book.Scheduling.PeerHoldsAll(book.State, a.PeerId));
        var piece = Assert.IsType<TaskReplies.PiecesAssigned>(book.Scheduling.Pull(book.State,
            new TaskCommands.PullPieceTask(TaskId, "b", "", PullStatus.Started, -1, null), _nowMs, Now, out _)).Pieces.Single();
        Assert.IsType<TaskReplies.PieceAccepted>(book.Scheduling.ReportSuccess(book.State, new TaskCommands.ReportPieceSuccess(TaskId, "b", a.PeerId, piece.PieceNum)));
    }
}
