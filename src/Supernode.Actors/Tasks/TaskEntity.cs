using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Cdn;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// One task, cluster-wide: registrations, the single CDN copy and where it lives. Routes commands to the pure
/// rules of <see cref="TaskState"/> and <see cref="RegisterRules"/>, persists the outcome, then answers.
/// </summary>
public sealed class TaskEntity : ReceivePersistentActor, IWithTimers
{
    /// <summary>Path of the node-local CDN manager on every replica.</summary>
    public const string CdnManagerName = "cdn";

    private readonly TaskEntitySettings _settings;
    private readonly IActorRef _localCdn;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TaskState _state;
    private TaskScheduling _scheduling;
    private readonly TaskGauges _gauges = new();
    private DateTimeOffset _notFoundUntil = DateTimeOffset.MinValue;
    // Not long.MinValue: now minus that overflows to a negative age, and the first recheck would never come.
    private long _copyRecheckedAtMs;

    // Soft, per incarnation: after a recovery every client (and the task) counts as seen at the start.
    private readonly long _startedMs = NowMs;
    private long _lastAccessMs = NowMs;
    private readonly Dictionary<string, long> _lastSeenMs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _downSinceMs = new(StringComparer.Ordinal);

    /// <summary>This incarnation has asked the copy's holder about it (after recovery the copy may be gone or stale).</summary>
    private bool _copyChecked;

    /// <summary>
    /// A copy decided on while other clients were registering (a fleet) begins once their registrations have stopped
    /// arriving and being written for a while: streaming and hashing the file took a quarter of the CPU while a
    /// fleet's registrations were still being answered. Its clients get 602 until the first piece anyway.
    /// </summary>
    private readonly BurstHold _copyStart;

    /// <summary>Registrations that arrived while the source was probed: a burst, if any.</summary>
    private int _registrationsWhileProbing;

    /// <summary>Registrations answered once their events are written.</summary>
    private readonly List<AwaitingWrite> _awaitingWrites = [];

    /// <summary>The shard asked the entity to stop while registrations were still in hand.</summary>
    private bool _stopDeferred;

    /// <summary>Registrations to be decided again, on their way back through the mailbox.</summary>
    private int _registrationsContinued;

    /// <summary>Client registrations recorded since the log last told them.</summary>
    private readonly RegistrationTally _registrations = new();

    public TaskEntity(string taskId, TaskEntitySettings settings, IActorRef localCdn)
    {
        _settings = settings;
        _localCdn = localCdn;
        _copyStart = settings.NewCopyStartHold();
        _state = TaskState.Empty(taskId);
        _scheduling = TaskScheduling.Create(settings.SchedulerOrDefault, new Random());
        PersistenceId = ShardNames.PersistenceId(ShardNames.Task, taskId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is TaskState s) RestoreFrom(s);
        });
        Recover<ITaskEvent>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _scheduling.SyncCopy(_state);
            _gauges.Sync(_state);
            if (_state.Exists) _settings.Announce?.Invoke(TaskAnnouncements.Known.Of(_state));
        });
        Ready();
    }

    public static Props Props(string taskId, TaskEntitySettings settings, IActorRef localCdn) =>
        Akka.Actor.Props.Create(() => new TaskEntity(taskId, settings, localCdn));

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Monotonic milliseconds for the scheduler's assignment timeouts.</summary>
    private static long NowMs => Environment.TickCount64;

    /// <summary>How often a missing CDN file reported by clients makes the holder check the copy again.</summary>
    private const long CopyRecheckIntervalMs = 3000;

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer(nameof(SoftStateTick), SoftStateTick.Instance, _settings.SoftStateInterval);
        Timers.StartPeriodicTimer(nameof(ExpiryTick), ExpiryTick.Instance, _settings.ExpiryOrDefault.Check);
    }

    protected override void PostStop()
    {
        LogRegistrations();
        _gauges.Clear();
        base.PostStop();
    }

    private void RestoreFrom(TaskState snapshot)
    {
        _state = snapshot with { Scheduling = null };
        var settings = _settings.SchedulerOrDefault;
        if (snapshot.Scheduling is { } scheduling)
        {
            _scheduling = TaskScheduling.Restore(scheduling, settings, new Random());
            return;
        }
        _scheduling = TaskScheduling.Create(settings, new Random());
        foreach (var client in snapshot.Clients.Values) _scheduling.OnEvent(new TaskEvents.ClientRegistered(client, snapshot.CreatedAt));
        foreach (var cid in snapshot.DownClients) _scheduling.OnEvent(new TaskEvents.ClientServiceDown(cid, snapshot.CreatedAt));
    }

    private void Ready()
    {
        Command<TaskCommands.Register>(OnRegister);
        Command<TaskCommands.Preheat>(OnRegister);
        Command<TaskCommands.GetTask>(_ =>
        {
            if (!_state.Exists)
            {
                Sender.Tell(new TaskReplies.TaskUnknown(_state.TaskId));
                PassivateIfUnknown();
                return;
            }
            EnsureCopyChecked();
            Sender.Tell(_state.View(_settings.LocalCdn.NodeAddress));
        });
        Command<TaskCommands.GetPieceMap>(_ =>
        {
            if (!_state.Exists)
            {
                Sender.Tell(new TaskReplies.TaskUnknown(_state.TaskId));
                PassivateIfUnknown();
                return;
            }
            Sender.Tell(_scheduling.Map(_state));
        });
        Command<TaskCommands.DeleteTask>(OnDelete);
        Command<TaskCommands.PullPieceTask>(OnPull);
        Command<TaskCommands.ReportPieceSuccess>(r =>
        {
            Sender.Tell(_scheduling.ReportSuccess(_state, r));
            PassivateIfUnknown();
        });
        Command<TaskCommands.ReportPieceError>(OnPieceError);
        Command<TaskCommands.ReportServiceDown>(OnServiceDown);
        Command<TaskCommands.CdnPieceRepaired>(OnPieceRepaired);
        Command<TaskCommands.CdnCopyRemoved>(OnCopyRemoved);
        Command<TaskCommands.CdnPiecesWritten>(OnPiecesWritten);
        Command<TaskCommands.CdnCopyFinished>(OnCopyFinished);
        Command<CdnReplies.SourceProbed>(_ => { });
        Command<ReplyTimedOut>(_ => { });
        Command<SoftStateTick>(_ =>
        {
            if (_state.Exists && _scheduling.Dirty) SaveStateSnapshot();
            LogRegistrations();
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of task {TaskId} failed", _state.TaskId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of task {TaskId} failed", _state.TaskId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting the events of forgotten task {TaskId} failed", _state.TaskId));
        Command<ExpiryTick>(_ => OnExpiryTick());
        Command<CopyStartDue>(_ => BeginCopyAfterBurst());
        Command<StopEntity>(_ => StopWhenNothingInHand());
        Command<RegistrationContinued>(c =>
        {
            _registrationsContinued--;
            OnRegister(c.Registration);
            ResumeDeferredStop();
        });
    }

    private void OnRegister(ITaskRegistration cmd)
    {
        Touch(cmd.Client?.Cid);
        _copyStart.Extend(NowMs);
        _settings.ReplicaRegistrations?.Seen(NowMs);
        if (!EnsureCopyChecked() && cmd is TaskCommands.Preheat && RestartedCopyOfGoneHolder())
        {
            // A preheat has no pulls to notice a dead holder: it waits on the copy, so the copy must be made again.
            ContinueRegistration(cmd, Sender);
            return;
        }
        var decision = _state.Decide(cmd, Now, _notFoundUntil);
        switch (decision)
        {
            case RegisterDecision.Refuse r:
                Refuse(cmd, r, Sender);
                break;
            case RegisterDecision.ProbeFirst:
                _localCdn.Tell(new CdnCommands.ProbeSource(_state.TaskId, cmd.Source));
                Timers.StartSingleTimer(nameof(ReplyTimedOut), ReplyTimedOut.Instance, _settings.ReplyTimeout);
                BecomeStacked(() => Probing(cmd, Sender));
                break;
            case RegisterDecision.Accept a when _state.CdnStatus == CdnStatus.Success && !_copyChecked:
                Revalidate(cmd, Sender);
                break;
            case RegisterDecision.Accept a:
                PersistThenReply(a, cmd, Sender);
                break;
        }
    }

    private void Probing(ITaskRegistration cmd, IActorRef replyTo)
    {
        _registrationsWhileProbing = 0;
        Command<CdnReplies.SourceProbed>(p => AfterProbe(cmd, replyTo, p));
        Command<ReplyTimedOut>(_ => AfterProbe(cmd, replyTo,
            new CdnReplies.SourceProbed(_state.TaskId, SourceProbeOutcome.Unreachable, -1, 0, "no probe answer in time")));
        CommandAny(m =>
        {
            if (m is ITaskRegistration) _registrationsWhileProbing++;
            Stash.Stash();
        });
    }

    private void AfterProbe(ITaskRegistration cmd, IActorRef replyTo, CdnReplies.SourceProbed probe)
    {
        Timers.Cancel(nameof(ReplyTimedOut));
        UnbecomeStacked();
        var decision = _state.DecideAfterProbe(cmd, probe, _settings.LocalCdn, NewCopyId(), Now);
        if (decision is RegisterDecision.Refuse r)
        {
            if (r.Reason == RegistrationFailure.SourceNotFound) _notFoundUntil = Now + _settings.FailAccessInterval;
            Refuse(cmd, r, replyTo);
        }
        else
        {
            PersistThenReply((RegisterDecision.Accept)decision, cmd, replyTo);
        }
        Stash.UnstashAll();
    }

    /// <summary>
    /// First registration of this incarnation on a finished copy: the holder revalidates it with the source
    /// (conditional GET) before anyone is answered, so a changed source is not served from a stale copy.
    /// </summary>
    private void Revalidate(ITaskRegistration cmd, IActorRef replyTo)
    {
        _copyChecked = true;
        var holder = _state.CdnLocation;
        if (holder is null || !IsUsable(holder))
        {
            StartCopyHere(_state.HttpFileLength);
            ContinueRegistration(cmd, replyTo);
            return;
        }
        CdnManagerAt(holder).Tell(StartCopyCommand(_state.CopyId, _state.HttpFileLength), Self);
        Timers.StartSingleTimer(nameof(ReplyTimedOut), ReplyTimedOut.Instance, _settings.ReplyTimeout);
        BecomeStacked(() =>
        {
            Command<TaskCommands.CdnCopyFinished>(f =>
            {
                OnCopyFinished(f);
                if (f.CopyId == _state.CopyId) EndRevalidation(cmd, replyTo);
            });
            Command<TaskCommands.CdnPiecesWritten>(p =>
            {
                OnPiecesWritten(p);
                if (p.CopyId == _state.CopyId) EndRevalidation(cmd, replyTo);
            });
            Command<ReplyTimedOut>(_ =>
            {
                _log.Warning("Task {TaskId}: the CDN holder {Holder} did not answer the revalidation in time; keeping the copy",
                    _state.TaskId, holder.NodeAddress);
                EndRevalidation(cmd, replyTo);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void EndRevalidation(ITaskRegistration cmd, IActorRef replyTo)
    {
        Timers.Cancel(nameof(ReplyTimedOut));
        UnbecomeStacked();
        ContinueRegistration(cmd, replyTo);
        Stash.UnstashAll();
    }

    /// <summary>
    /// Decides the registration again once the events just issued are applied: through the mailbox, which the
    /// pending persists hold back. (Not with DeferAsync: a Persist inside its handler leaves the entity stashing
    /// every later message for good, akka/akka-core#23781.) The copy is checked by now, so it is not asked again.
    /// </summary>
    private void ContinueRegistration(ITaskRegistration cmd, IActorRef replyTo)
    {
        _registrationsContinued++;
        Self.Tell(new RegistrationContinued(cmd), replyTo);
    }

    private void PersistThenReply(RegisterDecision.Accept accept, ITaskRegistration cmd, IActorRef replyTo)
    {
        if (accept.Events.IsEmpty)
        {
            replyTo.Tell(Answer(cmd));
            return;
        }
        var remaining = accept.Events.Length;
        var awaiting = new AwaitingWrite(replyTo, accept.Events);
        _awaitingWrites.Add(awaiting);
        void Persisted(ITaskEvent e)
        {
            ApplyAndMaybeSnapshot(e);
            if (e is TaskEvents.ClientRegistered) _registrations.Recorded(NowMs);
            if (e is TaskEvents.TaskCreated created)
                _log.Info("Task {TaskId} created for {Url}: length {Length}, piece size {PieceSize}",
                    created.TaskId, created.Source.SafeUrl, created.HttpFileLength, created.PieceSize);
            if (--remaining > 0) return;
            _awaitingWrites.Remove(awaiting);
            replyTo.Tell(Answer(cmd));
            // A registration written is one answered: the burst a held copy waits for still goes on.
            _copyStart.Extend(NowMs);
            if (accept.StartsCopy)
            {
                _copyChecked = true;
                // Others registering while it was decided on: a fleet, whose registrations the copy should not slow.
                if (_registrationsWhileProbing > 0)
                {
                    _copyStart.Arrived(NowMs);
                    BeginCopyAfterBurst();
                }
                else
                {
                    BeginCopy();
                }
            }
            ResumeDeferredStop();
        }
        // A client joining a known task changes nothing the next command decides on before its answer, so the entity
        // goes on meanwhile and the journal writes joins in batches: a thousand hosts starting at once are answered
        // at the journal's batch rate, not one write after another. Creating a task or starting a copy still waits.
        if (accept.StartsCopy || accept.Events.Any(e => e is not TaskEvents.ClientRegistered)) PersistAll(accept.Events, Persisted);
        else PersistAllAsync(accept.Events, Persisted);
    }

    /// <summary>
    /// The journal failed a write: the entity stops after this (Akka's rule), so every registration still waiting for
    /// its write learns now that it was not recorded, instead of waiting out its caller's deadline.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Warning("Task {TaskId}: writing {Event} failed, the entity stops until the journal takes writes again: {Cause}",
            _state.TaskId, @event.GetType().Name, cause.Message);
        foreach (var awaiting in _awaitingWrites) awaiting.ReplyTo.Tell(new TaskReplies.RegistrationNotRecorded(_state.TaskId, cause.Message));
        _awaitingWrites.Clear();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused one write (the entity goes on): the registration it carried was not recorded.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Warning("Task {TaskId}: the journal refused {Event}: {Cause}", _state.TaskId, @event.GetType().Name, cause.Message);
        foreach (var awaiting in _awaitingWrites.Where(a => a.Events.Contains(@event)).ToList())
        {
            awaiting.ReplyTo.Tell(new TaskReplies.RegistrationNotRecorded(_state.TaskId, cause.Message));
            _awaitingWrites.Remove(awaiting);
        }
        ResumeDeferredStop();
    }

    /// <summary>
    /// One line for the registrations recorded since the last (every soft-state tick, and when the entity stops): a
    /// fleet's rollout is a thousand in a second, whose request lines are therefore at Debug.
    /// </summary>
    private void LogRegistrations()
    {
        if (_registrations.Take() is not { } tally) return;
        _log.Info("Task {TaskId}: {Registrations} client registrations recorded within {Seconds} s; {Clients} clients now",
            _state.TaskId, tally.Count, Math.Round(tally.Within.TotalSeconds, 1), _state.Clients.Count);
    }

    /// <summary>A dfget learns the task's length and piece size; a preheat job follows the copy.</summary>
    private ISupernodeMessage Answer(ITaskRegistration cmd) => cmd is TaskCommands.Preheat
        ? _state.View(_settings.LocalCdn.NodeAddress)
        : new TaskReplies.Registered(_state.TaskId, _state.HttpFileLength, _state.PieceSize);

    private void Refuse(ITaskRegistration cmd, RegisterDecision.Refuse r, IActorRef replyTo)
    {
        _log.Info("Task {TaskId}: registration of {Client} refused ({Reason}): {Message}",
            _state.TaskId, cmd.Client is { } client ? "client " + client.Cid : "a preheat", r.Reason, r.Message);
        replyTo.Tell(new TaskReplies.RegistrationRefused(_state.TaskId, r.Reason, r.Message));
        PassivateIfUnknown();
    }

    /// <summary>
    /// After a recovery an unfinished copy is resumed (or re-reported) by its holder, or restarted here when
    /// the holder is gone.
    /// </summary>
    /// <returns>Whether the copy is being restarted here (its event is not applied yet).</returns>
    private bool EnsureCopyChecked()
    {
        if (_copyChecked || _state.CdnStatus != CdnStatus.Running) return false;
        _copyChecked = true;
        var holder = _state.CdnLocation;
        if (holder is not null && IsUsable(holder))
        {
            CdnManagerAt(holder).Tell(StartCopyCommand(_state.CopyId, _state.HttpFileLength), Self);
            return false;
        }
        StartCopyHere(_state.HttpFileLength);
        return true;
    }

    /// <summary>
    /// The replica holding the copy died or left: the copy is made again here, once (the persist holds back the
    /// next pulls until the new holder is recorded). Clients wait meanwhile; no one is sent to the dead replica.
    /// </summary>
    private bool RestartedCopyOfGoneHolder()
    {
        if (_state.CdnStatus is not (CdnStatus.Running or CdnStatus.Success) || _state.CdnLocation is not { } holder || IsUsable(holder))
            return false;
        StartCopyHere(_state.HttpFileLength);
        return true;
    }

    /// <summary>Begins the held copy once the burst is over, or looks again when it may be.</summary>
    private void BeginCopyAfterBurst()
    {
        if (!_copyStart.IsHolding) return;
        if (_settings.ReplicaRegistrations is { } replica) _copyStart.Extend(replica.LastMs);
        if (_copyStart.Left(NowMs) is { } left && left > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(nameof(CopyStartDue), CopyStartDue.Instance, left);
            return;
        }
        BeginHeldCopy();
    }

    private void BeginHeldCopy()
    {
        _copyStart.Release();
        // Deleted meanwhile, or the copy given to another holder: nothing to begin here.
        if (_state.CdnStatus == CdnStatus.Running && _state.CdnLocation is { } holder && IsLocal(holder)) BeginCopy();
    }

    /// <summary>
    /// The shard stops the entity (<see cref="StopEntity"/>): once every registration in hand is decided, written and
    /// answered, and a copy held for a burst is begun, since nothing would begin it until the task's next message.
    /// (A stop comes only in the ready state: the probing and revalidating states stash it.)
    /// </summary>
    private bool HasRegistrationsInHand => _awaitingWrites.Count > 0 || _registrationsContinued > 0;

    private void StopWhenNothingInHand()
    {
        if (HasRegistrationsInHand)
        {
            _stopDeferred = true;
            return;
        }
        if (_copyStart.IsHolding) BeginHeldCopy();
        Context.Stop(Self);
    }

    /// <summary>
    /// What a deferred stop waited for is done: the stop goes back through the mailbox, behind whatever that work
    /// started (a probe, a write), not at once in whatever state the entity is now.
    /// </summary>
    private void ResumeDeferredStop()
    {
        if (!_stopDeferred || HasRegistrationsInHand) return;
        _stopDeferred = false;
        Self.Tell(StopEntity.Instance);
    }

    private void BeginCopy()
    {
        _localCdn.Tell(StartCopyCommand(_state.CopyId, _state.HttpFileLength));
        _log.Info("Task {TaskId}: CDN copy {CopyId} started on {Node}", _state.TaskId, _state.CopyId, _settings.LocalCdn.NodeAddress);
    }

    private void StartCopyHere(long httpFileLength)
    {
        _copyChecked = true;
        var copyId = NewCopyId();
        Persist(new TaskEvents.CdnCopyStarted(copyId, _settings.LocalCdn, httpFileLength, Now), e =>
        {
            ApplyAndMaybeSnapshot(e);
            _localCdn.Tell(StartCopyCommand(copyId, httpFileLength));
            _log.Info("Task {TaskId}: CDN copy {CopyId} re-started on {Node}, the previous holder is gone",
                _state.TaskId, copyId, _settings.LocalCdn.NodeAddress);
        });
    }

    private void OnPull(TaskCommands.PullPieceTask pull)
    {
        Touch(pull.SrcCid);
        EnsureCopyChecked();
        if (RestartedCopyOfGoneHolder())
        {
            _scheduling.RecordResult(pull);
            Sender.Tell(new TaskReplies.PeerWait("the cdn copy is made again on a live replica"));
            return;
        }
        if (pull.AnswerBy != default && Now > pull.AnswerBy)
        {
            // Its caller has answered the client already: what is handed out now would never reach it.
            _scheduling.RecordResult(pull);
            Sender.Tell(new TaskReplies.PeerWait("the pull reached its task too late"));
            return;
        }
        _scheduling.UpReplicas = _settings.UpReplicaCount;
        var started = Stopwatch.GetTimestamp();
        var reply = _scheduling.Pull(_state, pull, NowMs, Now, out var finishedWithoutUploader);
        if (_state.Clients.TryGetValue(pull.SrcCid, out var client))
        {
            TaskMetrics.ScheduleDuration.WithLabels(client.Ip).Observe(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            CountPull(pull, reply);
        }
        Sender.Tell(reply);
        if (finishedWithoutUploader is not null && !_state.DownClients.Contains(finishedWithoutUploader))
            Persist(new TaskEvents.ClientServiceDown(finishedWithoutUploader, Now), ApplyAndMaybeSnapshot);
        PassivateIfUnknown();
    }

    /// <summary>The client's dfget-task status as Go's pull handling moves it (docs/scheduling.md).</summary>
    private void CountPull(TaskCommands.PullPieceTask pull, ISupernodeMessage reply)
    {
        if (pull.Status == PullStatus.Started) _gauges.Started(pull.SrcCid);
        if (pull.Status == PullStatus.Finished) _gauges.Finished(pull.SrcCid, pull.Result == PieceResult.Success);
        else if (reply is TaskReplies.PeerFinished) _gauges.Finished(pull.SrcCid, success: true);
    }

    private void OnPieceError(TaskCommands.ReportPieceError report)
    {
        Sender.Tell(_scheduling.ReportPieceError(_state, report, out var repairPiece, out var recheckCopy));
        if (repairPiece >= 0)
        {
            _log.Warning("Task {TaskId}: client {Cid} got a bad piece {Piece} from the CDN copy (md5 {RealMd5}, expected {ExpectedMd5}); checking it",
                _state.TaskId, report.SrcCid, repairPiece, report.RealMd5, report.ExpectedMd5);
            CdnManagerAt(_state.CdnLocation!).Tell(
                new CdnCommands.RepairPiece(_state.TaskId, _state.CopyId, _state.Source!, _state.PieceSize, repairPiece, _state.PieceMd5s[repairPiece]),
                Self);
        }
        if (recheckCopy && NowMs - _copyRecheckedAtMs >= CopyRecheckIntervalMs)
        {
            _log.Warning("Task {TaskId}: client {Cid} found no CDN file; the holder checks the copy", _state.TaskId, report.SrcCid);
            RecheckCopy();
        }
        PassivateIfUnknown();
    }

    private void OnServiceDown(TaskCommands.ReportServiceDown down)
    {
        if (!_state.Exists || !_state.Clients.ContainsKey(down.Cid))
        {
            Sender.Tell(new TaskReplies.ReportRejected($"client {down.Cid} is not registered on task {down.TaskId}"));
            PassivateIfUnknown();
            return;
        }
        if (_state.DownClients.Contains(down.Cid))
        {
            // Go answers 500 for a second report; dfget only logs it, so a retry is simply acknowledged.
            Sender.Tell(new TaskReplies.ServiceDownAccepted());
            return;
        }
        var replyTo = Sender;
        Persist(new TaskEvents.ClientServiceDown(down.Cid, Now), e =>
        {
            ApplyAndMaybeSnapshot(e);
            _downSinceMs[down.Cid] = NowMs;
            _log.Info("Task {TaskId}: client {Cid} stopped serving pieces", _state.TaskId, down.Cid);
            replyTo.Tell(new TaskReplies.ServiceDownAccepted());
        });
    }

    private void OnPieceRepaired(TaskCommands.CdnPieceRepaired r)
    {
        if (r.CopyId != _state.CopyId) return;
        _scheduling.PieceRepaired(r.PieceNum);
        _log.Info("Task {TaskId}: CDN piece {Piece} checked: {Outcome} {Error}", _state.TaskId, r.PieceNum, r.Outcome, r.Error);
        // Either way the whole copy is wrong: the holder revalidates it and makes it again.
        if (r.Outcome is PieceRepairOutcome.SourceChanged or PieceRepairOutcome.CopyDamaged) RecheckCopy();
    }

    /// <summary>
    /// The holder's disk GC removed the copy: it counts as failed, so the next registration makes it again (and
    /// pulls meanwhile make dfget re-register), as after the Go supernode's task GC.
    /// </summary>
    private void OnCopyRemoved(TaskCommands.CdnCopyRemoved removed)
    {
        var holder = _state.CdnLocation;
        var removedFromHolder = holder is not null
            && (holder.NodeAddress == removed.NodeAddress || (removed.NodeAddress == _settings.LocalCdn.NodeAddress && IsLocal(holder)));
        if (!_state.Exists || !removedFromHolder || _state.CdnStatus == CdnStatus.Failed)
        {
            PassivateIfUnknown();
            return;
        }
        Persist(new TaskEvents.CdnCopyFailed(_state.CopyId, "removed by the disk GC", Now), e =>
        {
            ApplyAndMaybeSnapshot(e);
            _log.Info("Task {TaskId}: CDN copy {CopyId} removed by the disk GC of {Node}", _state.TaskId, _state.CopyId, removed.NodeAddress);
        });
    }

    /// <summary>The holder revalidates its copy with the source and re-fetches it if it changed or is gone.</summary>
    private void RecheckCopy()
    {
        _copyRecheckedAtMs = NowMs;
        var holder = _state.CdnLocation;
        if (holder is not null && IsUsable(holder))
            CdnManagerAt(holder).Tell(StartCopyCommand(_state.CopyId, _state.HttpFileLength), Self);
        else
            StartCopyHere(_state.HttpFileLength);
    }

    /// <summary>A registration, preheat or pull: the task and that client (if any) are in use.</summary>
    private void Touch(string? cid)
    {
        _lastAccessMs = NowMs;
        if (cid is not null) _lastSeenMs[cid] = _lastAccessMs;
    }

    /// <summary>
    /// The meta GC of the Go supernode, per task: a task unused for taskExpireTime is forgotten (not while its copy
    /// is being made), and so are clients silent that long or down for peerGCDelay. Each is one durable event.
    /// </summary>
    private void OnExpiryTick()
    {
        if (!_state.Exists) return;
        var expiry = _settings.ExpiryOrDefault;
        var now = NowMs;
        if (now - _lastAccessMs >= (long)expiry.TaskExpire.TotalMilliseconds && _state.CdnStatus != CdnStatus.Running)
        {
            Persist(new TaskEvents.TaskExpired(Now), e =>
            {
                _log.Info("Task {TaskId} expired: no registration or pull for {Idle}; its disk copy stays for reuse",
                    _state.TaskId, TimeSpan.FromMilliseconds(now - _lastAccessMs));
                Metrics.GcMetrics.Tasks.Inc();
                Forget(e);
            });
            return;
        }
        var downSince = _state.DownClients.ToDictionary(c => c, c => _downSinceMs.GetValueOrDefault(c, _startedMs));
        var forget = expiry.ClientsToForget(_state.Clients.Keys, _lastSeenMs, downSince, _startedMs, now)
            .Select(cid => new TaskEvents.ClientRemoved(cid, Now)).ToList();
        if (forget.Count == 0) return;
        PersistAll(forget, e =>
        {
            ApplyAndMaybeSnapshot(e);
            _lastSeenMs.Remove(e.Cid);
            _downSinceMs.Remove(e.Cid);
            Metrics.GcMetrics.Clients.Inc();
            _log.Info("Task {TaskId}: client {Cid} forgotten", _state.TaskId, e.Cid);
        });
    }

    /// <summary>
    /// An entity without a task holds nothing worth its memory, except a recent 404 of the source: that is
    /// remembered only here, and stopping would let the next registration ask the source again at once.
    /// </summary>
    private void PassivateIfUnknown()
    {
        if (!_state.Exists && Now >= _notFoundUntil) Context.Parent.Tell(StopEntity.Passivation);
    }

    /// <summary>
    /// An operator deletes the task: it is forgotten as an expired one is. With <c>full</c>, the replica holding
    /// the copy removes it from its disk and answers the operator itself.
    /// </summary>
    private void OnDelete(TaskCommands.DeleteTask delete)
    {
        if (!_state.Exists)
        {
            Sender.Tell(new TaskReplies.TaskDeleted(_state.TaskId, Existed: false));
            PassivateIfUnknown();
            return;
        }
        var replyTo = Sender;
        var holder = _state.CdnLocation;
        Persist(new TaskEvents.TaskDeleted(Now), e =>
        {
            _log.Info("Task {TaskId} deleted by an operator; its disk copy on {Holder} {Fate}",
                _state.TaskId, holder?.NodeAddress ?? "no replica", delete.Full ? "is removed" : "stays for reuse");
            var holderUsable = holder is not null && IsUsable(holder);
            Forget(e);
            if (delete.Full && holderUsable) CdnManagerAt(holder!).Tell(new CdnCommands.RemoveCopy(_state.TaskId), replyTo);
            else replyTo.Tell(new TaskReplies.TaskDeleted(_state.TaskId, Existed: true));
        });
    }

    /// <summary>After the event that empties the task: its events and snapshots are deleted and the entity stops.</summary>
    private void Forget(ITaskEvent emptied)
    {
        ApplyAndMaybeSnapshot(emptied);
        _lastSeenMs.Clear();
        _downSinceMs.Clear();
        DeleteMessages(LastSequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(LastSequenceNr));
        Context.Parent.Tell(StopEntity.Passivation);
    }

    private void OnPiecesWritten(TaskCommands.CdnPiecesWritten p)
    {
        if (p.CopyId != _state.CopyId) return;
        if (_state.CdnStatus == CdnStatus.Success && p.FirstPiece == 0 && !_state.IsSameCopy(p.PieceMd5s))
        {
            // The holder found its copy stale and is fetching the source again.
            Persist(new TaskEvents.CdnCopyStarted(p.CopyId, _state.CdnLocation!, p.HttpFileLength, Now), e =>
            {
                ApplyAndMaybeSnapshot(e);
                SetSoft(_state.WithPiecesWritten(p.FirstPiece, p.PieceMd5s, p.HttpFileLength));
                _log.Info("Task {TaskId}: the source changed, CDN copy {CopyId} is fetched again", _state.TaskId, p.CopyId);
            });
            return;
        }
        if (_state.CdnStatus == CdnStatus.Running)
            SetSoft(_state.WithPiecesWritten(p.FirstPiece, p.PieceMd5s, p.HttpFileLength));
    }

    private void OnCopyFinished(TaskCommands.CdnCopyFinished f)
    {
        if (f.CopyId != _state.CopyId) return;
        if (f.Success)
        {
            if (_state.CdnStatus == CdnStatus.Success && _state.RealMd5 == f.RealMd5 && _state.PieceMd5s.SequenceEqual(f.PieceMd5s))
                return;
            Persist(new TaskEvents.CdnCopySucceeded(f.CopyId, f.FileLength, f.HttpFileLength, f.RealMd5, f.PieceMd5s, Now), e =>
            {
                ApplyAndMaybeSnapshot(e);
                _log.Info("Task {TaskId}: CDN copy {CopyId} succeeded ({Origin}): {Pieces} pieces, {FileLength} bytes, md5 {Md5}",
                    _state.TaskId, f.CopyId, f.Origin, f.PieceMd5s.Length, f.FileLength, f.RealMd5);
            });
            return;
        }
        Persist(new TaskEvents.CdnCopyFailed(f.CopyId, f.Error, Now), e =>
        {
            ApplyAndMaybeSnapshot(e);
            _log.Warning("Task {TaskId}: CDN copy {CopyId} failed: {Error}", _state.TaskId, f.CopyId, f.Error);
        });
    }

    private void Apply(ITaskEvent e)
    {
        _state = _state.Apply(e);
        if (e is TaskEvents.TaskExpired or TaskEvents.TaskDeleted) _scheduling = TaskScheduling.Create(_settings.SchedulerOrDefault, new Random());
        else _scheduling.OnEvent(e);
    }

    private void ApplyAndMaybeSnapshot(ITaskEvent e)
    {
        var (existed, length) = (_state.Exists, _state.HttpFileLength);
        Apply(e);
        if (_state.Exists && (!existed || length != _state.HttpFileLength)) _settings.Announce?.Invoke(TaskAnnouncements.Known.Of(_state));
        else if (existed && !_state.Exists) _settings.Announce?.Invoke(new TaskAnnouncements.Forgotten(_state.TaskId));
        _gauges.Applied(e, _state);
        _scheduling.SyncCopy(_state);
        if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveStateSnapshot();
    }

    /// <summary>A change of soft state (CDN progress): the scheduler hands out what was written at once.</summary>
    private void SetSoft(TaskState state)
    {
        _state = state;
        _scheduling.SyncCopy(_state);
    }

    private void SaveStateSnapshot() => SaveSnapshot(_state with { Scheduling = _scheduling.Snapshot() });

    private CdnCommands.StartCopy StartCopyCommand(string copyId, long httpFileLength) =>
        new(_state.TaskId, copyId, _state.Source!, _state.PieceSize, httpFileLength);

    /// <summary>
    /// The holder is this replica: same cluster address, or the same advertised download address, which only one
    /// process (with one repo dir) can serve; a restart with a new remoting port keeps its copies.
    /// </summary>
    private bool IsLocal(CdnLocation holder) =>
        holder.NodeAddress == _settings.LocalCdn.NodeAddress
        || (holder.AdvertiseIp == _settings.LocalCdn.AdvertiseIp && holder.DownloadPort == _settings.LocalCdn.DownloadPort);

    /// <summary>The holder's copy can be used: it is here, or on an Up member.</summary>
    private bool IsUsable(CdnLocation holder) => IsLocal(holder) || _settings.IsNodeUp(holder.NodeAddress);

    private ICanTell CdnManagerAt(CdnLocation holder) =>
        IsLocal(holder)
            ? _localCdn
            : Context.ActorSelection(new RootActorPath(Address.Parse(holder.NodeAddress)) / "user" / CdnManagerName);

    private static string NewCopyId() => Guid.NewGuid().ToString("N")[..16];

    private sealed record AwaitingWrite(IActorRef ReplyTo, System.Collections.Immutable.ImmutableArray<ITaskEvent> Events);

    private sealed class ReplyTimedOut : INoSerializationVerificationNeeded
    {
        public static readonly ReplyTimedOut Instance = new();
    }

    private sealed class SoftStateTick : INoSerializationVerificationNeeded
    {
        public static readonly SoftStateTick Instance = new();
    }

    private sealed class ExpiryTick : INoSerializationVerificationNeeded
    {
        public static readonly ExpiryTick Instance = new();
    }

    private sealed class CopyStartDue : INoSerializationVerificationNeeded
    {
        public static readonly CopyStartDue Instance = new();
    }

    /// <summary>A registration decided again (<see cref="ContinueRegistration"/>), sent by the entity to itself.</summary>
    private sealed record RegistrationContinued(ITaskRegistration Registration) : INoSerializationVerificationNeeded;
}
