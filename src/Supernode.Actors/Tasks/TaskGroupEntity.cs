using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// One group of a hot task (docs/scheduling.md, "One hot task"): it schedules the pulls and piece reports of the
/// task's clients whose cid hashes to it (<see cref="ClientGroup"/>), so a task of thousands of clients is scheduled
/// on every replica. It knows the task from the task entity's feeds (<see cref="TaskGroupBook"/>), shares a few holders
/// of each piece with its next siblings every <see cref="TaskGroups.ShareInterval"/> so the groups stay one P2P
/// network, tells the task which clients are in use, and hands the task what is the task's: a client that finished
/// without an uploader, a suspect piece of the CDN copy. Its snapshots keep its clients' piece maps.
/// </summary>
public sealed class TaskGroupEntity : SupernodeEntity, IWithTimers
{
    /// <summary>How often the group tells the task which of its clients pulled: well inside any client expiry.</summary>
    public static readonly TimeSpan ActivityInterval = TimeSpan.FromSeconds(2);

    /// <summary>Cids per <see cref="TaskCommands.GroupActivity"/>: about 40 KB.</summary>
    private const int ActivityChunk = 1000;

    /// <summary>How often a group waiting for its baseline asks the task again.</summary>
    public static readonly TimeSpan JoinInterval = TimeSpan.FromSeconds(1);

    private readonly TaskGroupBook _book;
    private readonly TaskEntitySettings _settings;
    private readonly TaskGroupLinks _links;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HeldPulls _held;

    public TaskGroupEntity(string groupId, TaskEntitySettings settings, TaskGroupLinks links)
    {
        if (!TaskGroupId.TryParse(groupId, out var taskId, out var group)) throw new ArgumentException($"not a task group id: {groupId}");
        _book = new TaskGroupBook(taskId, group, settings.SchedulerOrDefault);
        _settings = settings;
        _links = links;
        _held = new HeldPulls(() => Timers);
        PersistenceId = ShardNames.PersistenceId(ShardNames.TaskGroup, groupId);
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is TaskGroupState s) _book.Recovered = s.Scheduling;
        });
        Recover<RecoveryCompleted>(_ => Join());
        Joining();
    }

    public static Props Props(string groupId, TaskEntitySettings settings, TaskGroupLinks links) =>
        Akka.Actor.Props.Create(() => new TaskGroupEntity(groupId, settings, links));

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private static long NowMs => Environment.TickCount64;

    private void Join()
    {
        _links.Tasks.Tell(new TaskCommands.JoinGroup(_book.TaskId, _book.Group));
        Timers.StartPeriodicTimer(nameof(JoinDue), JoinDue.Instance, JoinInterval);
    }

    /// <summary>Until the task's baseline comes, everything waits; a task that is gone or not split dissolves the group.</summary>
    private void Joining()
    {
        Command<TaskGroupCommands.Feed>(f =>
        {
            if (!f.Baseline)
            {
                Stash.Stash();
                return;
            }
            if (_book.Take(f) != TaskGroupBook.Outcome.Applied) return;
            Timers.Cancel(nameof(JoinDue));
            Timers.StartPeriodicTimer(nameof(ShareTick), ShareTick.Instance, TaskGroups.ShareInterval);
            Timers.StartPeriodicTimer(nameof(ActivityTick), ActivityTick.Instance, ActivityInterval);
            Timers.StartPeriodicTimer(nameof(SoftStateTick), SoftStateTick.Instance, _settings.SoftStateInterval);
            _log.Info("Task {TaskId}: group {Group} of {Groups} scheduled here, with {Clients} clients", _book.TaskId, _book.Group, _book.Groups, _book.State.Clients.Count);
            Become(Ready);
            Stash.UnstashAll();
        });
        Command<JoinDue>(_ => _links.Tasks.Tell(new TaskCommands.JoinGroup(_book.TaskId, _book.Group)));
        Command<TaskGroupCommands.Dissolve>(_ => Dissolve());
        Command<StopEntity>(_ => Context.Stop(Self));
        KeepJournalTidy("task group", () => TaskGroupId.Of(_book.TaskId, _book.Group));
        CommandAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Command<TaskCommands.PullPieceTask>(OnPull);
        Command<TaskCommands.ReportPieceSuccess>(r =>
        {
            TaskMetrics.PieceReportsAnswered.Inc();
            Sender.Tell(_book.Scheduling.ReportSuccess(_book.State, r));
            RetryHeld();
        });
        Command<TaskCommands.ReportPieceError>(r =>
        {
            Sender.Tell(_book.Scheduling.ReportPieceError(_book.State, r, out var repairPiece, out var recheckCopy));
            if (repairPiece >= 0 || recheckCopy) _links.Tasks.Tell(new TaskCommands.CopySuspect(_book.TaskId, r, repairPiece, recheckCopy));
        });
        Command<TaskGroupCommands.Feed>(f =>
        {
            var outcome = _book.Take(f);
            if (outcome == TaskGroupBook.Outcome.Applied) RetryHeld();
            if (outcome != TaskGroupBook.Outcome.NeedsBaseline) return;
            _log.Info("Task {TaskId}: group {Group} missed a change of its task; it asks for the task again", _book.TaskId, _book.Group);
            Timers.Cancel(nameof(ShareTick));
            Join();
            Become(Joining);
        });
        Command<TaskGroupCommands.SiblingHolders>(s =>
        {
            _book.Scheduling.UpdateSiblings(s.From, s.Page, s.Pages, s.Holders);
            RetryHeld();
        });
        Command<TaskGroupCommands.GetPieceMap>(_ => Sender.Tell(_book.Scheduling.Map(_book.State)));
        Command<TaskGroupCommands.PeerHoldsAll>(h =>
        {
            _book.Scheduling.PeerHoldsAll(_book.State, h.PeerId);
            RetryHeld();
        });
        Command<TaskGroupCommands.Dissolve>(_ => Dissolve());
        Command<ShareTick>(_ => Share());
        Command<TaskEntityTimers.HoldTick>(_ => ReleaseHeld());
        Command<ActivityTick>(_ =>
        {
            // In chunks well under the remote transport's frame: a group may have thousands of clients.
            foreach (var chunk in _book.TakeActive().Chunk(ActivityChunk)) _links.Tasks.Tell(new TaskCommands.GroupActivity(_book.TaskId, [.. chunk]));
        });
        Command<SoftStateTick>(_ =>
        {
            if (_book.Scheduling.Dirty) SaveSnapshot(_book.Snapshot());
        });
        // The task's answers to what the group handed it.
        Command<TaskReplies.ServiceDownAccepted>(_ => { });
        Command<TaskReplies.ReportRejected>(_ => { });
        Command<JoinDue>(_ => { });
        Command<StopEntity>(_ =>
        {
            ReleaseHeld(all: true);
            Context.Stop(Self);
        });
        KeepJournalTidy("task group", () => TaskGroupId.Of(_book.TaskId, _book.Group));
    }

    private void OnPull(TaskCommands.PullPieceTask pull)
    {
        _book.Touch(pull.SrcCid);
        if (pull.AnswerBy != default && DateTimeOffset.UtcNow > pull.AnswerBy)
        {
            _book.Scheduling.RecordResult(pull);
            Sender.Tell(new TaskReplies.PeerWait("the pull reached its task too late"));
            return;
        }
        if (_book.UnknownClientPulled(pull.SrcCid, NowMs, (long)JoinInterval.TotalMilliseconds))
        {
            _log.Info("Task {TaskId}: group {Group} has not heard of client {Cid}; it asks for the task again", _book.TaskId, _book.Group, pull.SrcCid);
            _links.Tasks.Tell(new TaskCommands.JoinGroup(_book.TaskId, _book.Group));
        }
        if (_held.HoldOrAnswer(Schedule(pull), pull, Sender, NowMs, DateTimeOffset.UtcNow)) return;
        RetryHeld();
    }

    private ISupernodeMessage Schedule(TaskCommands.PullPieceTask pull)
    {
        _book.Scheduling.UpReplicas = _settings.UpReplicaCount;
        var reply = _book.Scheduling.Pull(_book.State, pull, NowMs, DateTimeOffset.UtcNow, out var finishedWithoutUploader);
        // The task records it (a durable fact) and feeds it back.
        if (finishedWithoutUploader is not null && !_book.State.DownClients.Contains(finishedWithoutUploader))
            _links.Tasks.Tell(new TaskCommands.ReportServiceDown(_book.TaskId, finishedWithoutUploader));
        return reply;
    }

    /// <summary>Something may have freed a piece (the copy progressed, a client or a sibling's holder got one): the held pulls ask again.</summary>
    private void RetryHeld() => _held.Retry(NowMs, Schedule);

    private void ReleaseHeld(bool all = false) => _held.Release(NowMs, all);

    private void Share()
    {
        var pages = _book.Scheduling.SharedHolders(_book.State).ToList();
        foreach (var sibling in TaskGroups.SharesWith(_book.Group, _book.Groups))
            for (var page = 0; page < pages.Count; page++)
                _links.Groups.Tell(new TaskGroupCommands.SiblingHolders(_book.TaskId, sibling, _book.Group, page, pages.Count, pages[page]));
    }

    /// <summary>
    /// The task is gone, or was never split: what waits here goes to the task, which answers as it answers any call
    /// of a task it does not have; the group forgets its snapshots and stops.
    /// </summary>
    private void Dissolve()
    {
        ReleaseHeld(all: true);
        Stash.UnstashAll();
        Become(() =>
        {
            Command<TaskCommands.PullPieceTask>(c => _links.Tasks.Forward(c));
            Command<TaskCommands.ReportPieceSuccess>(c => _links.Tasks.Forward(c));
            Command<TaskCommands.ReportPieceError>(c => _links.Tasks.Forward(c));
            Command<TaskGroupCommands.GetPieceMap>(_ => Sender.Tell(new TaskReplies.TaskUnknown(_book.TaskId)));
            Command<StopEntity>(_ => Context.Stop(Self));
            KeepJournalTidy("task group", () => TaskGroupId.Of(_book.TaskId, _book.Group));
            CommandAny(_ => { });
        });
        Timers.CancelAll();
        ForgetAndStop();
    }

    private sealed class JoinDue : INoSerializationVerificationNeeded
    {
        public static readonly JoinDue Instance = new();
    }

    private sealed class ShareTick : INoSerializationVerificationNeeded
    {
        public static readonly ShareTick Instance = new();
    }

    private sealed class ActivityTick : INoSerializationVerificationNeeded
    {
        public static readonly ActivityTick Instance = new();
    }

    private sealed class SoftStateTick : INoSerializationVerificationNeeded
    {
        public static readonly SoftStateTick Instance = new();
    }
}

/// <summary>The regions a task group talks to: its task's, and its siblings'.</summary>
public sealed record TaskGroupLinks(IActorRef Tasks, IActorRef Groups);
