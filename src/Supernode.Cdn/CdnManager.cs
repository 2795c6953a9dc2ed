using Akka.Actor;
using Akka.Event;
using Supernode.Actors.Cdn;
using Supernode.Actors.Metrics;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// The replica's CDN, at <c>/user/cdn</c> (<see cref="TaskEntity.CdnManagerName"/>): probes sources for
/// registrations, keeps at most one copy per task running here, in a child <see cref="CopyWorker"/>, and has
/// single pieces of complete copies repaired by its child <see cref="PieceRepairs"/>.
/// Copy progress goes to <c>taskRegion</c>, the sharding region of task entities.
/// </summary>
public sealed class CdnManager : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OriginClient _origin;
    private readonly CdnCopier _copier;
    private readonly IActorRef _taskRegion;
    private readonly PieceRepairer _repairer;
    private readonly CdnSettings _settings;
    private readonly CdnRepo _repo;
    private readonly Dictionary<string, IActorRef> _workers = new(StringComparer.Ordinal);
    private long _workersStarted;
    private IActorRef _repairs = ActorRefs.Nobody;

    public CdnManager(CdnSettings settings, IActorRef taskRegion)
    {
        _taskRegion = taskRegion;
        _settings = settings;
        _origin = new OriginClient(settings.ProbeTimeout, settings.Guard, settings.SourceReadTimeout);
        var repo = _repo = new CdnRepo(settings.RepoDir);
        _copier = new CdnCopier(repo, _origin, new ByteRateLimiter(settings.SourceBandwidth, GcMetrics.SourceBytes));
        _repairer = new PieceRepairer(repo, _origin, settings.RepairTimeout);

        Receive<CdnCommands.ProbeSource>(OnProbe);
        Receive<Probed>(OnProbed);
        Receive<CdnCommands.StartCopy>(OnStartCopy);
        Receive<CopyWorker.Ended>(OnCopyEnded);
        Receive<CdnCommands.RepairPiece>(OnRepairPiece);
        Receive<CdnCommands.RemoveCopy>(OnRemoveCopy);
        Receive<Terminated>(t => Forget(t.ActorRef));
        Receive<DiskGcTick>(_ => CollectDisk());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        StartRepairs();
        Timers.StartPeriodicTimer(nameof(DiskGcTick), DiskGcTick.Instance, _settings.DiskGc.InitialDelay + _settings.DiskGc.Every, _settings.DiskGc.Every);
    }

    /// <summary>
    /// One disk GC run: when the volume runs short, the least recently used copies go first, never one being
    /// copied or served lately; each owning task is told, so it makes the copy again when asked for it.
    /// </summary>
    private void CollectDisk()
    {
        var gc = _settings.DiskGc;
        var (free, total) = DiskSpace.Of(_repo.RepoDir);
        var (young, full) = (gc.YoungThreshold.FreeBytesOn(total), gc.FullThreshold.FreeBytesOn(total));
        if (free > young) return;
        var inUseMs = (long)gc.InUseWindow.TotalMilliseconds;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // In use: being copied, served lately, or copied/revalidated lately (its task is live, as Go's active tasks).
        var copies = _repo.CopiesOnDisk().Select(c => c with
        {
            InUse = _workers.ContainsKey(c.TaskId)
                    || nowMs - c.LastUsedMs < inUseMs
                    || _settings.Usage.SinceServedMs(c.TaskId) is { } since && since < inUseMs,
        });
        foreach (var copy in DiskGcPlan.Choose(copies, free, young, full, gc.CleanRatio, nowMs, gc.IntervalThreshold))
        {
            _repo.DeleteTaskFiles(copy.TaskId);
            _log.Info("Disk GC: copy of task {TaskId} removed ({Bytes} bytes, last used {LastUsed:u}); {Free} bytes were free",
                copy.TaskId, copy.Bytes, DateTimeOffset.FromUnixTimeMilliseconds(copy.LastUsedMs), free);
            _taskRegion.Tell(new TaskCommands.CdnCopyRemoved(copy.TaskId, _settings.NodeAddress));
            GcMetrics.Disks.Inc();
            GcMetrics.LastDiskGc.Set(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    public static Props Props(CdnSettings settings, IActorRef taskRegion) =>
        Akka.Actor.Props.Create(() => new CdnManager(settings, taskRegion));

    // A worker that throws is stopped (its copy is lost, the task retries on its next registration); the manager lives on.
    // So is the repairs actor, which is then started anew (see Forget).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void OnProbe(CdnCommands.ProbeSource cmd)
    {
        var replyTo = Sender;
        _origin.ProbeAsync(cmd.Source, CancellationToken.None).PipeTo(Self,
            success: probe => new Probed(cmd, probe, replyTo),
            failure: e => new Probed(cmd, new SourceProbe(SourceProbeOutcome.Unreachable, -1, 0, e.GetBaseException().Message), replyTo));
    }

    private void OnProbed(Probed p)
    {
        _log.Info("Task {TaskId}: source {Url} probed: {Outcome}, status {Status}, length {Length} {Detail}",
            p.Command.TaskId, p.Command.Source.SafeUrl, p.Probe.Outcome, p.Probe.StatusCode, p.Probe.ContentLength, p.Probe.Detail);
        p.ReplyTo.Tell(new CdnReplies.SourceProbed(p.Command.TaskId, p.Probe.Outcome, p.Probe.ContentLength, p.Probe.StatusCode, p.Probe.Detail));
    }

    private void OnStartCopy(CdnCommands.StartCopy cmd)
    {
        if (_workers.TryGetValue(cmd.TaskId, out var running))
        {
            running.Forward(cmd);
            return;
        }
        var worker = Context.ActorOf(CopyWorker.Props(cmd, _copier, _taskRegion), $"copy-{++_workersStarted}");
        Context.Watch(worker);
        _workers[cmd.TaskId] = worker;
        CdnMetrics.CopiesRunning.Set(_workers.Count);
    }

    private bool Untrack(string taskId, out IActorRef worker)
    {
        var removed = _workers.Remove(taskId, out worker!);
        CdnMetrics.CopiesRunning.Set(_workers.Count);
        return removed;
    }

    private void OnCopyEnded(CopyWorker.Ended ended)
    {
        if (!_workers.TryGetValue(ended.TaskId, out var worker) || !worker.Equals(Sender)) return;
        Untrack(ended.TaskId, out _);
        // After the StartCopy messages already queued for it, which it answers with the result.
        worker.Tell(PoisonPill.Instance);
    }

    private void StartRepairs()
    {
        _repairs = Context.ActorOf(PieceRepairs.Props(_repairer, _settings.MaxConcurrentRepairs, _settings.MaxQueuedRepairs), "repairs");
        Context.Watch(_repairs);
    }

    private void OnRepairPiece(CdnCommands.RepairPiece cmd)
    {
        // The task repairs complete copies only; a copy being written (a fresh one, or a resume) is no place to
        // write a piece. A copy started while a repair runs replaces the data file rather than write into it, so
        // the repair's write cannot reach the new copy.
        if (_workers.ContainsKey(cmd.TaskId)) PieceRepairs.Refuse(Sender, cmd, "copy in progress", _log);
        else _repairs.Forward(cmd);
    }

    /// <summary>
    /// An operator deleted the task with its copy: a copy being made stops (its worker cancels the fetch), then
    /// the files go. Whatever a stopped fetch still writes is an incomplete copy the next one discards.
    /// </summary>
    private void OnRemoveCopy(CdnCommands.RemoveCopy cmd)
    {
        if (Untrack(cmd.TaskId, out var worker))
        {
            Context.Unwatch(worker);
            Context.Stop(worker);
        }
        _repo.DeleteTaskFiles(cmd.TaskId);
        _log.Info("Task {TaskId}: copy removed from this replica's disk", cmd.TaskId);
        Sender.Tell(new CdnReplies.CopyRemoved(cmd.TaskId, _settings.NodeAddress));
    }

    private void Forget(IActorRef worker)
    {
        if (worker.Equals(_repairs))
        {
            // Its pending repairs are lost (their tasks ask again); later ones need a repairs actor.
            _log.Warning("The piece repairs actor stopped; starting a new one");
            StartRepairs();
            return;
        }
        foreach (var (taskId, w) in _workers)
            if (w.Equals(worker))
            {
                _log.Warning("Task {TaskId}: copy worker stopped before its copy ended", taskId);
                Untrack(taskId, out _);
                return;
            }
    }

    protected override void PostStop() => _origin.Dispose();

    /// <summary>A probe's result on its way back to the registration that asked.</summary>
    private sealed record Probed(CdnCommands.ProbeSource Command, SourceProbe Probe, IActorRef ReplyTo);

    private sealed class DiskGcTick
    {
        public static readonly DiskGcTick Instance = new();
    }
}
