using Akka.Actor;
using Akka.Event;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>
/// A task's single CDN copy as its entity drives it: checked with its holder once per incarnation, made again here
/// when the holder is gone, begun after a burst of registrations, and followed through the holder's reports. Where the
/// copy is made is <see cref="CopyHolder"/>'s decision alone; what each report changes, <see cref="CopyReports"/>'.
/// </summary>
public sealed class TaskCopy
{
    private readonly ITaskJournal _journal;
    private readonly TaskEntitySettings _settings;
    private readonly IActorRef _localCdn;
    private readonly IActorRef _self;
    private readonly ILoggingAdapter _log;
    private readonly Action<TimeSpan> _lookAgainIn;

    /// <summary>
    /// A copy decided on while other clients were registering (a fleet) begins once their registrations have stopped
    /// arriving and being written for a while: streaming and hashing the file took a quarter of the CPU while a
    /// fleet's registrations were still being answered. Its clients get 602 until the first piece anyway.
    /// </summary>
    private readonly BurstHold _start;

    /// <param name="lookAgainIn">Schedules <see cref="BeginAfterBurst"/> after a while (the entity's timer).</param>
    public TaskCopy(ITaskJournal journal, TaskEntitySettings settings, IActorRef localCdn, IActorRef self, ILoggingAdapter log,
        Func<Address, ICanTell> cdnAt, Action<TimeSpan> lookAgainIn)
    {
        (_journal, _settings, _localCdn, _self, _log, _lookAgainIn) = (journal, settings, localCdn, self, log, lookAgainIn);
        _start = settings.NewCopyStartHold();
        Holder = new CopyHolder(settings.LocalCdn, settings.IsNodeUp, localCdn, cdnAt);
    }

    public CopyHolder Holder { get; }

    private TaskState State => _journal.State;

    private static long NowMs => Environment.TickCount64;

    /// <summary>What a registration needs to know of the holder (<see cref="RegisterRules.Decide"/>).</summary>
    /// <param name="remade">The copy is already being made again here, its event not applied yet.</param>
    public CopyCheck Check(bool remade) => new(Holder.Checked, HolderGone: !remade && Holder.IsGone(State));

    /// <summary>A registration came or was written: a held copy waits on while they keep coming.</summary>
    public void RegistrationSeen() => _start.Extend(NowMs);

    /// <summary>
    /// After a recovery an unfinished copy is resumed (or re-reported) by its holder, or made again here when the
    /// holder is gone.
    /// </summary>
    /// <returns>Whether the copy is being made again here (its event is not applied yet).</returns>
    public bool EnsureChecked() => !Holder.Checked && State.CdnStatus == CdnStatus.Running && AskHolderOrRemakeHere();

    /// <summary>A pull found the holder gone: the copy is made again here.</summary>
    /// <returns>Whether it is being made again here (just now, or by <see cref="EnsureChecked"/>).</returns>
    public bool EnsureLiveHolder()
    {
        if (EnsureChecked()) return true;
        if (!Holder.IsGone(State)) return false;
        RemakeHere();
        return true;
    }

    /// <summary>Asks the holder to resume, revalidate or re-report the copy, or makes it again here when the holder is gone.</summary>
    /// <returns>Whether it is made again here (its event is not applied yet).</returns>
    public bool AskHolderOrRemakeHere()
    {
        Holder.Checked = true;
        if (Holder.ManagerOf(State) is { } holder)
        {
            holder.Tell(CopyHolder.StartCopy(State), _self);
            return false;
        }
        RemakeHere();
        return true;
    }

    /// <summary>
    /// The copy is made again on this replica, once (the persist holds back the next commands until the new holder is
    /// recorded). Clients wait meanwhile; no one is sent to a dead replica.
    /// </summary>
    public void RemakeHere()
    {
        Holder.Checked = true;
        var (copyId, length) = (CopyHolder.NewCopyId(), State.HttpFileLength);
        _journal.Persist(new TaskEvents.CdnCopyStarted(copyId, _settings.LocalCdn, length, DateTimeOffset.UtcNow), _ =>
        {
            _localCdn.Tell(CopyHolder.StartCopy(State, copyId, length));
            _log.Info("Task {TaskId}: CDN copy {CopyId} made again on {Node}, the previous holder is gone",
                State.TaskId, copyId, _settings.LocalCdn.NodeAddress);
        });
    }

    /// <summary>A registration's copy is written: it begins now, or after the burst of registrations it came with.</summary>
    public void BeginDecided(bool duringBurst)
    {
        Holder.Checked = true;
        if (!duringBurst)
        {
            Begin();
            return;
        }
        _start.Arrived(NowMs);
        BeginAfterBurst();
    }

    /// <summary>Begins the held copy once the burst is over, or looks again when it may be.</summary>
    public void BeginAfterBurst()
    {
        if (!_start.IsHolding) return;
        if (_settings.ReplicaRegistrations is { } replica) _start.Extend(replica.LastMs);
        if (_start.Left(NowMs) is var left && left > TimeSpan.Zero) _lookAgainIn(left);
        else BeginHeld();
    }

    /// <summary>The entity stops: a copy held for a burst begins now, since nothing would begin it until the task's next message.</summary>
    public void BeginHeld()
    {
        if (!_start.IsHolding) return;
        _start.Release();
        // Deleted meanwhile, or the copy given to another holder: nothing to begin here.
        if (State.CdnStatus == CdnStatus.Running && State.CdnLocation is { } holder && Holder.IsLocal(holder)) Begin();
    }

    private void Begin()
    {
        _localCdn.Tell(CopyHolder.StartCopy(State));
        _log.Info("Task {TaskId}: CDN copy {CopyId} started on {Node}", State.TaskId, State.CopyId, _settings.LocalCdn.NodeAddress);
    }

    /// <summary>
    /// A client's piece error that concerns the copy: a bad piece goes to the holder to be checked; a missing copy file
    /// makes the holder check the whole copy (at most every few seconds).
    /// </summary>
    public void PieceError(TaskCommands.ReportPieceError report, int repairPiece, bool recheckCopy)
    {
        if (repairPiece >= 0)
        {
            _log.Warning("Task {TaskId}: client {Cid} got a bad piece {Piece} from the CDN copy (md5 {RealMd5}, expected {ExpectedMd5}); checking it",
                State.TaskId, report.SrcCid, repairPiece, report.RealMd5, report.ExpectedMd5);
            Holder.ManagerAt(State.CdnLocation!).Tell(
                new CdnCommands.RepairPiece(State.TaskId, State.CopyId, State.Source!, State.PieceSize, repairPiece, State.PieceMd5s[repairPiece]), _self);
        }
        if (recheckCopy && Holder.RecheckDue(NowMs))
        {
            _log.Warning("Task {TaskId}: client {Cid} found no CDN file; the holder checks the copy", State.TaskId, report.SrcCid);
            Recheck();
        }
    }

    /// <summary>The holder checked a piece; a changed source or a damaged copy makes the whole copy wrong.</summary>
    public void PieceRepaired(TaskCommands.CdnPieceRepaired r)
    {
        _log.Info("Task {TaskId}: CDN piece {Piece} checked: {Outcome} {Error}", State.TaskId, r.PieceNum, r.Outcome, r.Error);
        if (r.Outcome is PieceRepairOutcome.SourceChanged or PieceRepairOutcome.CopyDamaged) Recheck();
    }

    /// <summary>The holder revalidates its copy with the source and fetches it again if it changed or is gone.</summary>
    private void Recheck()
    {
        Holder.Rechecked(NowMs);
        AskHolderOrRemakeHere();
    }

    /// <summary>Pieces written: progress of the copy under way, or a finished copy whose source changed starting over.</summary>
    public void PiecesWritten(TaskCommands.CdnPiecesWritten p)
    {
        if (State.RestartedBy(p, DateTimeOffset.UtcNow) is { } restarted)
            _journal.Persist(restarted, _ =>
            {
                _journal.ApplyProgress(p);
                _log.Info("Task {TaskId}: the source changed, CDN copy {CopyId} is fetched again", State.TaskId, p.CopyId);
            });
        else if (State.IsProgress(p)) _journal.ApplyProgress(p);
    }

    /// <returns>Whether the report changed the task.</returns>
    public bool Finished(TaskCommands.CdnCopyFinished f)
    {
        switch (State.EndedBy(f, DateTimeOffset.UtcNow))
        {
            case TaskEvents.CdnCopySucceeded succeeded:
                _journal.Persist(succeeded, _ => _log.Info("Task {TaskId}: CDN copy {CopyId} succeeded ({Origin}): {Pieces} pieces, {FileLength} bytes, md5 {Md5}",
                    State.TaskId, f.CopyId, f.Origin, f.PieceMd5s.Length, f.FileLength, f.RealMd5));
                return true;
            case TaskEvents.CdnCopyFailed failed:
                _journal.Persist(failed, _ => _log.Warning("Task {TaskId}: CDN copy {CopyId} failed: {Error}", State.TaskId, f.CopyId, f.Error));
                return true;
            default:
                return false;
        }
    }

    /// <returns>Whether the report changed the task.</returns>
    public bool Removed(TaskCommands.CdnCopyRemoved removed)
    {
        if (State.RemovedFromHolder(Holder.IsHolder(State, removed.NodeAddress), DateTimeOffset.UtcNow) is not { } failed) return false;
        _journal.Persist(failed, _ =>
            _log.Info("Task {TaskId}: CDN copy {CopyId} removed by the disk GC of {Node}", State.TaskId, State.CopyId, removed.NodeAddress));
        return true;
    }
}
