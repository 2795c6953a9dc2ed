using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Cdn;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;
using static Supernode.Actors.Tasks.TaskEntityTimers;

namespace Supernode.Actors.Tasks;

/// <summary>
/// One task, cluster-wide. The entity routes each command to the part that decides it, persists what that part
/// decided, and answers: registrations to <see cref="TaskRegistrar"/>, the CDN copy to <see cref="TaskCopy"/>, pulls
/// and piece reports to <see cref="TaskScheduling"/>, expiry to <see cref="TaskActivity"/>. State and scheduler are
/// kept in step by <see cref="TaskBook"/>. A hot task splits: its clients' pulls and reports go to its group entities
/// (<see cref="TaskGroupEntity"/>), which it feeds with its facts (<see cref="TaskGroupFeeds"/>).
/// </summary>
public sealed class TaskEntity : SupernodeEntity, IWithTimers, ITaskJournal, ITaskMailbox
{
    /// <summary>Path of the node-local CDN manager on every replica.</summary>
    public const string CdnManagerName = "cdn";

    private readonly TaskEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TaskBook _book;
    private readonly TaskCopy _copy;
    private readonly TaskRegistrar _registrar;
    private readonly TaskActivity _activity = new(Environment.TickCount64);
    private readonly TaskGauges _gauges = new();
    private readonly TaskGroupFeeds _feeds = new();
    private readonly HeldPulls _held;

    /// <summary>A <see cref="RetryHeldDue"/> is on its way.</summary>
    private bool _retryDue;

    /// <summary>The group region, where a hot task's clients are scheduled; null: the task never splits (tests).</summary>
    private readonly IActorRef? _groups;

    /// <summary>A split is being written: the registrations applied meanwhile do not split the task again.</summary>
    private bool _splitting;

    public TaskEntity(string taskId, TaskEntitySettings settings, IActorRef localCdn, IActorRef? groups = null)
    {
        _settings = settings;
        _groups = groups;
        _book = new TaskBook(taskId, settings.SchedulerOrDefault);
        _copy = new TaskCopy(this, settings, localCdn, Self, _log,
            node => Context.ActorSelection(new RootActorPath(node) / "user" / CdnManagerName),
            left => Timers.StartSingleTimer(nameof(CopyStartDue), CopyStartDue.Instance, left));
        _registrar = new TaskRegistrar(this, this, _copy, _activity, settings, localCdn, _log);
        _held = new HeldPulls(() => Timers);
        PersistenceId = ShardNames.PersistenceId(ShardNames.Task, taskId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is TaskState s) _book.Restore(s);
        });
        Recover<ITaskEvent>(_book.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_copy.Holder.HereUnderAnotherAddress(State) is { } here) _book.HolderIs(here);
            _gauges.Sync(State);
            if (State.Exists) _settings.Announce?.Invoke(TaskAnnouncements.Known.Of(State));
        });
        Ready();
    }

    public static Props Props(string taskId, TaskEntitySettings settings, IActorRef localCdn, IActorRef? groups = null) =>
        Akka.Actor.Props.Create(() => new TaskEntity(taskId, settings, localCdn, groups));

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private TaskState State => _book.State;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Monotonic milliseconds, for the scheduler's timeouts and the task's activity.</summary>
    private static long NowMs => Environment.TickCount64;

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer(nameof(SoftStateTick), SoftStateTick.Instance, _settings.SoftStateInterval);
        Timers.StartPeriodicTimer(nameof(ExpiryTick), ExpiryTick.Instance, _settings.ExpiryOrDefault.Check);
    }

    protected override void PostStop()
    {
        ReleaseHeld(all: true);
        _registrar.LogTally();
        _gauges.Clear();
        base.PostStop();
    }

    private void Ready()
    {
        Command<TaskCommands.Register>(r => _registrar.Register(r, Sender));
        Command<TaskCommands.Preheat>(p => _registrar.Register(p, Sender));
        Command<RegistrationContinued>(c =>
        {
            _registrar.Continue(c.Registration, Sender);
            ResumeDeferredStop();
        });
        Command<TaskCommands.GetTask>(_ =>
        {
            if (ReplyIfUnknown()) return;
            _copy.EnsureChecked();
            Sender.Tell(State.View(_settings.LocalCdn.NodeAddress));
        });
        Command<TaskCommands.GetPieceMap>(_ =>
        {
            if (ReplyIfUnknown()) return;
            if (State.Groups > 1 && _groups is not null) TaskGroupMaps.Merge(_book.Scheduling.Map(State), State.Groups, _groups, _settings.ReplyTimeout).PipeTo(Sender);
            else Sender.Tell(_book.Scheduling.Map(State));
        });
        Command<TaskCommands.DeleteTask>(OnDelete);
        Command<TaskCommands.UpdateTask>(OnUpdate);
        Command<TaskCommands.PullPieceTask>(OnPull);
        Command<TaskCommands.ReportPieceSuccess>(r =>
        {
            if (ToGroup(r.Cid, g => new TaskGroupCommands.PieceSuccess(g, r))) return;
            TaskMetrics.PieceReportsAnswered.Inc();
            ReplyThenStopIfUnknown(_book.Scheduling.ReportSuccess(State, r));
            RetrySoon();
        });
        Command<TaskCommands.ReportPieceError>(r =>
        {
            if (ToGroup(r.SrcCid, g => new TaskGroupCommands.PieceError(g, r))) return;
            ReplyThenStopIfUnknown(_book.Scheduling.ReportPieceError(State, r, out var repairPiece, out var recheckCopy));
            _copy.PieceError(r, repairPiece, recheckCopy);
        });
        Command<TaskCommands.CopySuspect>(c =>
        {
            if (State.Exists) _copy.PieceError(c.Report, c.RepairPiece, c.RecheckCopy);
        });
        Command<TaskCommands.JoinGroup>(j =>
        {
            // Through the group region, as the feeds go: an answer straight to the sender could overtake feeds sent
            // before it, and the group would take an older baseline over newer facts.
            var to = _groups ?? Sender;
            if (State.Exists && j.Group < State.Groups && State.Groups > 1)
                foreach (var page in _feeds.Baseline(State, _book.Scheduling.Scheduler.Snapshot(), j.Group)) to.Tell(page);
            else to.Tell(new TaskGroupCommands.Dissolve(State.TaskId, j.Group));
            StopIfUnknown();
        });
        Command<TaskCommands.GroupActivity>(a =>
        {
            var now = NowMs;
            foreach (var cid in a.Cids) _activity.Touch(cid, now);
        });
        Command<TaskCommands.ReportServiceDown>(OnServiceDown);
        Command<TaskCommands.CdnPieceRepaired>(r =>
        {
            if (r.CopyId != State.CopyId) return;
            _book.Scheduling.PieceRepaired(r.PieceNum);
            _copy.PieceRepaired(r);
            TellGroups(_feeds.Repaired(State, r.PieceNum));
        });
        Command<TaskCommands.CdnCopyRemoved>(r =>
        {
            if (!_copy.Removed(r)) StopIfUnknown();
        });
        Command<TaskCommands.CdnPiecesWritten>(_copy.PiecesWritten);
        Command<TaskCommands.CdnCopyFinished>(f => _copy.Finished(f));
        Command<CdnReplies.SourceProbed>(_ => { });
        Command<ReplyTimedOut>(_ => { });
        Command<SoftStateTick>(_ =>
        {
            if (State.Exists && _book.Scheduling.Dirty) SaveSnapshot(_book.Snapshot());
            _registrar.LogTally();
        });
        Command<ExpiryTick>(_ => OnExpiryTick());
        Command<CopyStartDue>(_ => _copy.BeginAfterBurst());
        Command<SplitDue>(_ => SplitIfHot());
        Command<HoldTick>(_ => ReleaseHeld());
        Command<RetryHeldDue>(_ => RetryHeld());
        Command<StopEntity>(_ => StopWhenNothingInHand());
        KeepJournalTidy("task", () => State.TaskId);
    }

    private void OnPull(TaskCommands.PullPieceTask pull)
    {
        _activity.Touch(pull.SrcCid, NowMs);
        if (ToGroup(pull.SrcCid, g => new TaskGroupCommands.Pull(g, pull))) return;
        var remade = _copy.EnsureLiveHolder();
        if (remade || (pull.AnswerBy != default && Now > pull.AnswerBy))
        {
            // A late pull's caller has answered the client already: what is handed out now would never reach it.
            _book.Scheduling.RecordResult(pull);
            Sender.Tell(new TaskReplies.PeerWait(remade ? "the cdn copy is made again on a live replica" : "the pull reached its task too late"));
            return;
        }
        if (_held.HoldOrAnswer(Schedule(pull), pull, Sender, NowMs, Now)) return;
        // Its result may have freed a source for a held pull.
        RetrySoon();
        StopIfUnknown();
    }

    /// <summary>A pull's answer from the scheduler; a client that finished without an uploader is marked down.</summary>
    private ISupernodeMessage Schedule(TaskCommands.PullPieceTask pull)
    {
        _book.Scheduling.UpReplicas = _settings.UpReplicaCount;
        var reply = _book.Scheduling.Pull(State, pull, NowMs, Now, out var finishedWithoutUploader);
        _gauges.Pulled(pull, reply);
        if (finishedWithoutUploader is not null && !State.DownClients.Contains(finishedWithoutUploader))
            PersistThen(new TaskEvents.ClientServiceDown(finishedWithoutUploader, Now));
        return reply;
    }

    /// <summary>
    /// Something may have freed a piece (written, fetched, released): the held pulls ask again, as a message of its
    /// own, since a pull's answer may write an event and this may be called from inside another write's handler.
    /// </summary>
    private void RetrySoon()
    {
        if (_held.Count == 0 || _retryDue) return;
        _retryDue = true;
        Self.Tell(RetryHeldDue.Instance);
    }

    private void RetryHeld()
    {
        _retryDue = false;
        _held.Retry(NowMs, Schedule);
    }

    /// <summary>Held pulls whose time is up (or all, when the entity stops) are answered "wait".</summary>
    private void ReleaseHeld(bool all = false) => _held.Release(NowMs, all);

    private void OnServiceDown(TaskCommands.ReportServiceDown down)
    {
        if (!State.Clients.ContainsKey(down.Cid))
        {
            ReplyThenStopIfUnknown(new TaskReplies.ReportRejected($"client {down.Cid} is not registered on task {down.TaskId}"));
            return;
        }
        var replyTo = Sender;
        // Go answers 500 for a second report; dfget only logs it, so a retry is simply acknowledged.
        if (State.DownClients.Contains(down.Cid)) replyTo.Tell(new TaskReplies.ServiceDownAccepted());
        else PersistForAnswer(new TaskEvents.ClientServiceDown(down.Cid, Now), replyTo, e =>
        {
            ApplyAndMaybeSnapshot(e);
            _activity.Down(down.Cid, NowMs);
            _log.Info("Task {TaskId}: client {Cid} stopped serving pieces", State.TaskId, down.Cid);
            replyTo.Tell(new TaskReplies.ServiceDownAccepted());
        });
    }

    /// <summary>
    /// <c>PUT /tasks/{id}</c>: a peer that finished the task holds every piece (soft, as every piece report), and an
    /// operator's pause or resume is written before the answer, so it outlives a restart.
    /// </summary>
    private void OnUpdate(TaskCommands.UpdateTask update)
    {
        if (ReplyIfUnknown()) return;
        var replyTo = Sender;
        if (update.FinishedPeerId is { Length: > 0 } peer)
        {
            var cids = State.Clients.Values.Where(c => c.PeerId == peer).Select(c => c.Cid).ToList();
            if (cids.Count == 0)
            {
                replyTo.Tell(new TaskReplies.UpdateRefused(State.TaskId, $"peer {peer} has no client on task {State.TaskId}: it creates the task first"));
                return;
            }
            if (State.Groups > 1 && _groups is not null)
                foreach (var g in cids.Select(cid => Scheduling.ClientGroup.Of(cid, State.Groups)).Distinct())
                    _groups.Tell(new TaskGroupCommands.PeerHoldsAll(State.TaskId, g, peer));
            else _book.Scheduling.PeerHoldsAll(State, peer);
            // One per finished client of the REST protocol: a fleet's worth, as dfget's finished downloads are not logged.
            _log.Debug("Task {TaskId}: peer {PeerId} finished it and serves every piece", State.TaskId, peer);
            RetrySoon();
        }
        if (update.Paused is not { } paused || paused == State.Paused)
        {
            replyTo.Tell(new TaskReplies.TaskUpdated(State.TaskId));
            return;
        }
        PersistForAnswer(new TaskEvents.TaskPaused(paused, Now), replyTo, e =>
        {
            ApplyAndMaybeSnapshot(e);
            _log.Info(paused ? "Task {TaskId} paused by an operator: no piece is handed out until it is resumed"
                : "Task {TaskId} resumed by an operator", State.TaskId);
            replyTo.Tell(new TaskReplies.TaskUpdated(State.TaskId));
        });
    }

    /// <summary>
    /// The meta GC of the Go supernode, per task: a task unused for taskExpireTime is forgotten (not while its copy
    /// is being made), and so are clients silent that long or down for peerGCDelay. Each is one durable event.
    /// </summary>
    private void OnExpiryTick()
    {
        var (expiry, now) = (_settings.ExpiryOrDefault, NowMs);
        if (_activity.IsExpired(State, expiry, now))
        {
            Persist(new TaskEvents.TaskExpired(Now), e =>
            {
                _log.Info("Task {TaskId} expired: no registration or pull for {Idle}; its disk copy stays for reuse", State.TaskId, _activity.Idle(now));
                GcMetrics.Tasks.Inc();
                Forget(e);
            });
            return;
        }
        if (!State.Exists) return;
        var forget = _activity.ClientsToForget(State, expiry, now).Select(cid => new TaskEvents.ClientRemoved(cid, Now)).ToList();
        if (forget.Count > 0) PersistAll(forget, e =>
        {
            ApplyAndMaybeSnapshot(e);
            _activity.Forgotten(e.Cid);
            GcMetrics.Clients.Inc();
            _log.Info("Task {TaskId}: client {Cid} forgotten", State.TaskId, e.Cid);
        });
    }

    /// <summary>
    /// An operator deletes the task: it is forgotten as an expired one is. With <c>full</c>, the replica holding
    /// the copy removes it from its disk and answers the operator itself.
    /// </summary>
    private void OnDelete(TaskCommands.DeleteTask delete)
    {
        if (!State.Exists)
        {
            ReplyThenStopIfUnknown(new TaskReplies.TaskDeleted(State.TaskId, Existed: false));
            return;
        }
        var (replyTo, holder) = (Sender, State.CdnLocation);
        var remover = delete.Full ? _copy.Holder.ManagerOf(State) : null;
        PersistForAnswer(new TaskEvents.TaskDeleted(Now), replyTo, e =>
        {
            _log.Info("Task {TaskId} deleted by an operator; its disk copy on {Holder} {Fate}",
                State.TaskId, holder?.NodeAddress ?? "no replica", delete.Full ? "is removed" : "stays for reuse");
            Forget(e);
            if (remover is not null) remover.Tell(new CdnCommands.RemoveCopy(State.TaskId), replyTo);
            else replyTo.Tell(new TaskReplies.TaskDeleted(State.TaskId, Existed: true));
        });
    }

    /// <summary>After the event that empties the task: its events and snapshots are deleted and the entity stops.</summary>
    private void Forget(ITaskEvent emptied)
    {
        ApplyAndMaybeSnapshot(emptied);
        _activity.Clear();
        ForgetAndStop();
    }

    /// <summary>An unknown task answers at once (true) and stops.</summary>
    private bool ReplyIfUnknown()
    {
        if (State.Exists) return false;
        ReplyThenStopIfUnknown(new TaskReplies.TaskUnknown(State.TaskId));
        return true;
    }

    /// <summary>
    /// A hot task's client call, sent here by a replica that did not know of the split yet, goes on to the client's group
    /// (true), which answers the caller.
    /// </summary>
    private bool ToGroup(string cid, Func<int, IToGroup> wrap)
    {
        if (State.Groups <= 1 || _groups is null) return false;
        _groups.Forward(wrap(Scheduling.ClientGroup.Of(cid, State.Groups)));
        return true;
    }

    private void TellGroups(IEnumerable<object> messages)
    {
        if (_groups is null) return;
        foreach (var m in messages) _groups.Tell(m);
    }

    /// <summary>
    /// A task that reached the size of a group while more than one replica is Up splits, so its clients are scheduled on
    /// every replica (<see cref="TaskGroupFeeds.SplitInto"/>). Decided as a command of its own after the registration
    /// that made it hot is applied: a write started from inside another write's handler would wait for a command the
    /// entity keeps stashed until it is written.
    /// </summary>
    private void SplitIfHot()
    {
        if (_groups is null || _splitting
            || TaskGroupFeeds.SplitInto(State, _settings.ClientsPerGroupOrDefault, _settings.UpReplicaCount) is not { } groups) return;
        _splitting = true;
        PersistThen(new TaskEvents.TaskSplit(groups, Now), _ =>
        {
            _splitting = false;
            TaskMetrics.Splits.Inc();
            _log.Info("Task {TaskId} is hot ({Clients} clients): its clients are scheduled by {Groups} groups from now on", State.TaskId, State.Clients.Count, groups);
            var maps = _book.Scheduling.Scheduler.Snapshot();
            for (var g = 0; g < groups; g++) TellGroups(_feeds.Baseline(State, maps, g));
        });
    }

    private void ReplyThenStopIfUnknown(ISupernodeMessage reply)
    {
        Sender.Tell(reply);
        StopIfUnknown();
    }

    /// <summary>
    /// An entity without a task holds nothing worth its memory, except a recent 404 of the source: that is
    /// remembered only here, and stopping would let the next registration ask the source again at once.
    /// </summary>
    private void StopIfUnknown()
    {
        if (!State.Exists && Now >= _registrar.NotFoundUntil) Passivate();
    }

    /// <summary>
    /// The shard stops the entity (<see cref="StopEntity"/>): once every registration in hand is decided, written and
    /// answered, and a copy held for a burst is begun, since nothing would begin it until the task's next message.
    /// (A stop comes only in the ready state: awaiting the CDN stashes it.)
    /// </summary>
    private void StopWhenNothingInHand()
    {
        if (!_registrar.Stop.MayStop(AnswersAwaitWrite)) return;
        ReleaseHeld(all: true);
        _copy.BeginHeld();
        Context.Stop(Self);
    }

    /// <summary>
    /// What a deferred stop waited for is done: the stop goes back through the mailbox, behind whatever that work
    /// started (a probe, a write), not at once in whatever state the entity is now.
    /// </summary>
    private void ResumeDeferredStop()
    {
        if (_registrar.Stop.TakeDeferred(AnswersAwaitWrite)) Self.Tell(StopEntity.Instance);
    }

    protected override void WriteSettled() => ResumeDeferredStop();

    TaskState ITaskJournal.State => State;

    void ITaskJournal.Persist<TEvent>(TEvent e, Action<TEvent>? then) => PersistThen(e, then);

    void ITaskJournal.PersistForAnswer(ImmutableArray<ITaskEvent> events, IActorRef replyTo, bool batched, Action<ITaskEvent> then) =>
        PersistForAnswer(events, replyTo, batched, e =>
        {
            ApplyAndMaybeSnapshot(e);
            then(e);
        });

    void ITaskJournal.ApplyProgress(TaskCommands.CdnPiecesWritten written)
    {
        _book.PiecesWritten(written);
        TellGroups(_feeds.TaskChanged(State));
        RetrySoon();
    }

    void ITaskMailbox.AwaitCdn(Func<object, bool> isAnswer, Action<object?, int> then)
    {
        var registrations = 0;
        Timers.StartSingleTimer(nameof(ReplyTimedOut), ReplyTimedOut.Instance, _settings.ReplyTimeout);
        BecomeStacked(() => CommandAny(m =>
        {
            if (m is not ReplyTimedOut && !isAnswer(m))
            {
                if (m is ITaskRegistration) registrations++;
                Stash.Stash();
                return;
            }
            Timers.Cancel(nameof(ReplyTimedOut));
            UnbecomeStacked();
            then(m is ReplyTimedOut ? null : m, registrations);
            Stash.UnstashAll();
        }));
    }

    void ITaskMailbox.DecideAgain(ITaskRegistration registration, IActorRef replyTo) => Self.Tell(new RegistrationContinued(registration), replyTo);

    void ITaskMailbox.Refused() => StopIfUnknown();

    private void PersistThen<TEvent>(TEvent e, Action<TEvent>? then = null) where TEvent : ITaskEvent => Persist(e, written =>
    {
        ApplyAndMaybeSnapshot(written);
        then?.Invoke(written);
    });

    private void ApplyAndMaybeSnapshot(ITaskEvent e)
    {
        var before = State;
        _book.Apply(e);
        if (State.Exists && (!before.Exists || before.HttpFileLength != State.HttpFileLength || before.Groups != State.Groups))
            _settings.Announce?.Invoke(TaskAnnouncements.Known.Of(State));
        else if (before.Exists && !State.Exists) _settings.Announce?.Invoke(new TaskAnnouncements.Forgotten(State.TaskId));
        TellGroups(_feeds.Applied(e, before, State));
        if (e is TaskEvents.ClientRegistered && _groups is not null && State.Groups == 1) Self.Tell(SplitDue.Instance);
        _gauges.Applied(e, State);
        if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveSnapshot(_book.Snapshot());
        // The copy started, finished or failed, a pause ended, the task was forgotten: the held pulls learn it now.
        RetrySoon();
    }
}
