using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Preheat;

/// <summary>
/// One preheat job, cluster-wide: a persistent saga that resolves what to warm (the file, or the layer blobs of an
/// image), has each task's CDN copy started by its task entity, follows them and ends SUCCESS or FAILED. Sharding
/// keeps one incarnation at a time; after a crash or restart the keeper's next call recovers it and an unfinished
/// job goes on where its events left it. Its work is idempotent: warming a task twice starts one copy.
/// </summary>
public sealed class PreheatEntity : SupernodeEntity, IWithTimers
{
    private readonly PreheatEntitySettings _settings;
    private readonly IActorRef _tasks;
    private readonly IActorRef _keeper;
    private readonly IImageResolver _images;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private PreheatState _state;

    /// <summary>This incarnation works on the job: it polls the tasks (after a recovery, from the first message on).</summary>
    private bool _working;

    private bool _resolving;

    public PreheatEntity(string preheatId, PreheatEntitySettings settings, IActorRef tasks, IActorRef keeper, IImageResolver images)
    {
        _settings = settings;
        _tasks = tasks;
        _keeper = keeper;
        _images = images;
        _state = PreheatState.Empty(preheatId);
        PersistenceId = ShardNames.PersistenceId(ShardNames.Preheat, preheatId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is PreheatState s) _state = s;
        });
        Recover<IPreheatEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (!_state.IsActive) return;
            _log.Info("Preheat {PreheatId} resumed after its entity restarted: {Status}, {Pending} of {Tasks} tasks pending",
                _state.Id, _state.Status, _state.PendingLayers.Count(), _state.Layers.Length);
            Self.Tell(Resume.Instance);
        });

        Command<PreheatCommands.Create>(OnCreate);
        Command<PreheatCommands.Get>(_ =>
        {
            if (_state.Exists) Sender.Tell(_state.View());
            else Unknown();
        });
        Command<PreheatCommands.Delete>(OnDelete);
        Command<PreheatCommands.Wake>(OnWake);
        Command<Resume>(_ => Work());
        Command<Resolved>(OnResolved);
        Command<ResolutionFailed>(OnResolutionFailed);
        Command<TaskReplies.TaskView>(OnTaskView);
        Command<TaskReplies.RegistrationRefused>(r => FinishLayer(r.TaskId, success: false, r.Message, bytes: 0));
        Command<Poll>(_ => OnPoll());
        KeepJournalTidy("preheat", () => _state.Id);
        // Behind the write in hand, if any: the journal holds the commands back until it is done.
        Command<StopEntity>(_ => Context.Stop(Self));
    }

    public static Props Props(string preheatId, PreheatEntitySettings settings, IActorRef tasks, IActorRef keeper, IImageResolver images) =>
        Akka.Actor.Props.Create(() => new PreheatEntity(preheatId, settings, tasks, keeper, images));

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    private void OnCreate(PreheatCommands.Create create)
    {
        switch (_state.Decide())
        {
            case CreateDecision.AlreadyDone:
                Sender.Tell(new PreheatReplies.AlreadyDone(_state.Id));
                return;
            case CreateDecision.AlreadyRunning:
                Sender.Tell(new PreheatReplies.Accepted(_state.Id, Started: false));
                Work();
                return;
        }
        var replyTo = Sender;
        var again = _state.Exists;
        PersistForAnswer(new PreheatEvents.JobCreated(create.Request, Now), replyTo, e =>
        {
            Applied(e);
            _log.Info("Preheat {PreheatId} {Started}: {Type} {Url}", _state.Id, again ? "started again after failing" : "created",
                create.Request.Type, create.Request.SafeUrl);
            // From now on the keeper calls the job, so a crash of this replica cannot leave it unfinished.
            _keeper.Tell(new PreheatReplies.Woken(_state.Id, Now));
            replyTo.Tell(new PreheatReplies.Accepted(_state.Id, Started: true));
            Work();
        });
    }

    /// <summary>Starts (or, in a new incarnation, resumes) the job's work; once per incarnation.</summary>
    private void Work()
    {
        if (!_state.IsActive || _working) return;
        _working = true;
        Timers.StartPeriodicTimer(nameof(Poll), Poll.Instance, _settings.PollInterval);
        if (_state.Status == PreheatStatus.Waiting) Resolve();
        // A copy that failed while the job was down is made again, once.
        else WarmLayers(retryFailedCopy: true);
    }

    private void StopWorking()
    {
        _working = false;
        Timers.Cancel(nameof(Poll));
    }

    private void Resolve()
    {
        if (_resolving) return;
        var request = _state.Request!;
        if (request.Type == PreheatType.File)
        {
            PersistResolved([request.FileLayer()], request.Headers);
            return;
        }
        _resolving = true;
        _images.ResolveAsync(request, _stopping.Token).PipeTo(Self,
            success: layers => new Resolved(layers),
            failure: e => new ResolutionFailed(e is ImageResolutionException ? e.Message : $"resolving the image failed: {e.Message}"));
    }

    private void OnResolved(Resolved resolved)
    {
        _resolving = false;
        if (_state.Status != PreheatStatus.Waiting || !_state.IsActive) return;
        PersistResolved(resolved.Layers.Layers.Select(PreheatRequest.BlobLayer).ToImmutableArray(), resolved.Layers.BlobHeaders);
    }

    private void PersistResolved(ImmutableArray<PreheatLayer> layers, ImmutableSortedDictionary<string, string> headers) =>
        Persist(new PreheatEvents.LayersResolved(layers, headers, Now), e =>
        {
            Applied(e);
            _log.Info("Preheat {PreheatId}: {Tasks} tasks to warm", _state.Id, layers.Length);
            if (!Conclude()) WarmLayers(retryFailedCopy: true);
        });

    private void OnResolutionFailed(ResolutionFailed failed)
    {
        _resolving = false;
        if (!_state.IsActive) return;
        Finish(new PreheatEvents.JobFailed(failed.Error, Now));
    }

    /// <summary>Asks each pending task to be warmed; its entity answers with its view (or a refusal).</summary>
    private void WarmLayers(bool retryFailedCopy)
    {
        foreach (var layer in _state.PendingLayers)
            _tasks.Tell(new TaskCommands.Preheat(layer.TaskId, _state.SourceOf(layer), retryFailedCopy), Self);
    }

    private void OnPoll()
    {
        if (!_state.IsActive)
        {
            StopWorking();
            return;
        }
        if (_state.TimedOut(Now, _settings.Timeout) is { } timedOut) Finish(timedOut);
        else if (_state.Status == PreheatStatus.Running) WarmLayers(retryFailedCopy: false);
    }

    private void OnTaskView(TaskReplies.TaskView view)
    {
        var bytes = view.CdnStatus == CdnStatus.Success ? view.HttpFileLength : CopiedBytes(view);
        if (view.CdnStatus == CdnStatus.Success) FinishLayer(view.TaskId, success: true, "", bytes);
        else if (view.CdnStatus == CdnStatus.Failed) FinishLayer(view.TaskId, success: false, "the CDN copy from the source failed", bytes);
        else if (_state.IsActive) _state = _state.WithProgress(view.TaskId, bytes);
    }

    private static long CopiedBytes(TaskReplies.TaskView view)
    {
        var written = (long)view.PiecesWritten * PieceLayout.ContentPerPiece(view.PieceSize);
        return view.HttpFileLength > 0 ? Math.Min(written, view.HttpFileLength) : written;
    }

    private void FinishLayer(string taskId, bool success, string error, long bytes)
    {
        if (!_state.IsActive || !_state.PendingLayers.Any(l => l.TaskId == taskId)) return;
        Persist(new PreheatEvents.LayerFinished(taskId, success, error, Now, Math.Max(bytes, 0)), e =>
        {
            Applied(e);
            if (success)
                _log.Info("Preheat {PreheatId}: task {TaskId} warmed ({Bytes} bytes), {Done} of {Total} done", _state.Id, taskId, e.Bytes,
                    _state.LayersDone, _state.Layers.Length);
            else _log.Warning("Preheat {PreheatId}: task {TaskId} not warmed: {Error}", _state.Id, taskId, error);
            Conclude();
        });
    }

    /// <summary>Ends the job when its tasks say so; false while it goes on.</summary>
    private bool Conclude()
    {
        if (_state.Outcome(Now) is not { } outcome) return false;
        Finish(outcome);
        return true;
    }

    private void Finish(IPreheatEvent outcome) => Persist(outcome, e =>
    {
        Applied(e);
        StopWorking();
        var took = (_state.FinishTime ?? Now) - _state.StartTime;
        if (e is PreheatEvents.JobFailed failed) _log.Warning("Preheat {PreheatId} failed after {Duration}: {Error}", _state.Id, took, failed.Error);
        else _log.Info("Preheat {PreheatId} succeeded in {Duration}: {Tasks} tasks warmed", _state.Id, took, _state.Layers.Length);
    });

    private void OnWake(PreheatCommands.Wake wake)
    {
        if (!_state.Exists)
        {
            Unknown(new PreheatReplies.Woken(_state.Id, null));
            return;
        }
        if (_state.IsActive)
        {
            Sender.Tell(new PreheatReplies.Woken(_state.Id, Now));
            Work();
            return;
        }
        var collectAt = _state.CollectAt(_settings.Retention)!.Value;
        if (collectAt > Now)
        {
            Sender.Tell(new PreheatReplies.Woken(_state.Id, collectAt));
            return;
        }
        var replyTo = Sender;
        Persist(new PreheatEvents.JobForgotten(Collected: true, Now), e =>
        {
            _log.Info("Preheat {PreheatId} collected: finished {Status} at {FinishTime:O}, kept {Retention}", _state.Id, _state.Status,
                _state.FinishTime, _settings.Retention);
            Forget(e);
            replyTo.Tell(new PreheatReplies.Woken(_state.Id, null));
        });
    }

    /// <summary>Forgets the job; the tasks it warmed and their copies stay (they are the tasks' own).</summary>
    private void OnDelete(PreheatCommands.Delete delete)
    {
        if (!_state.Exists)
        {
            Unknown(new PreheatReplies.Deleted(_state.Id, Existed: false));
            return;
        }
        var replyTo = Sender;
        PersistForAnswer(new PreheatEvents.JobForgotten(Collected: false, Now), replyTo, e =>
        {
            _log.Info("Preheat {PreheatId} deleted by an operator ({Status})", _state.Id, _state.Status);
            Forget(e);
            replyTo.Tell(new PreheatReplies.Deleted(_state.Id, Existed: true));
        });
    }

    /// <summary>After the event that empties the job: its events and snapshots are deleted and the entity stops.</summary>
    private void Forget(IPreheatEvent emptied)
    {
        Applied(emptied);
        StopWorking();
        _stopping.Cancel();
        ForgetAndStop();
    }

    /// <summary>An entity without a job holds nothing: it answers and stops.</summary>
    private void Unknown(ISupernodeMessage? answer = null)
    {
        Sender.Tell(answer ?? new PreheatReplies.PreheatUnknown(_state.Id));
        Passivate();
    }

    private void Applied(IPreheatEvent e)
    {
        _state = _state.Apply(e);
        if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveSnapshot(_state);
    }

    private sealed record Resolved(ImageLayers Layers) : INoSerializationVerificationNeeded;

    private sealed record ResolutionFailed(string Error) : INoSerializationVerificationNeeded;

    private sealed class Resume : INoSerializationVerificationNeeded
    {
        public static readonly Resume Instance = new();
    }

    private sealed class Poll : INoSerializationVerificationNeeded
    {
        public static readonly Poll Instance = new();
    }
}
