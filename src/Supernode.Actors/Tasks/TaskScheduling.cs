using System.Collections.Immutable;
using System.Diagnostics;
using Supernode.Actors.Cdn;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// The soft half of a task: its <see cref="PieceScheduler"/>, fed with the task's clients and CDN progress, and
/// the translation of pulls and piece reports into the answers dfget expects. Plain C#; the task entity owns
/// one and serializes the calls.
/// </summary>
public sealed class TaskScheduling
{
    private readonly PieceScheduler _scheduler;

    /// <summary>Pieces of the CDN copy withheld while the CDN checks them.</summary>
    private readonly HashSet<int> _repairing = [];

    /// <summary>Where the holders shared by each sibling group serve (a hot task's group only), by sibling and page.</summary>
    private readonly Dictionary<int, Dictionary<string, TaskClient>> _siblings = [];

    /// <summary>
    /// Each peer's client on the task (the latest when it has several): the REST protocol names an uploader by its
    /// peer id (<c>dstPID</c>), dfget by its cid.
    /// </summary>
    private readonly Dictionary<string, string> _cidByPeer = new(StringComparer.Ordinal);

    private readonly int _configuredBudget;
    private readonly int _budgetCeiling;

    private TaskScheduling(PieceScheduler scheduler, SchedulerSettings settings)
    {
        _scheduler = scheduler;
        _configuredBudget = settings.EffectiveSupernodeBudget;
        _budgetCeiling = settings.SupernodeBudgetCeiling;
    }

    public static TaskScheduling Create(SchedulerSettings settings, Random random) => new(new PieceScheduler(settings, random), settings);

    /// <summary>Up replicas of the cluster, for the supernode budget (<see cref="SupernodeDemand"/>).</summary>
    public int UpReplicas { get; set; } = 1;

    /// <summary>
    /// The scheduler as last snapshotted. Pieces of the CDN copy marked bad are served again: their repair may
    /// have been lost with the previous incarnation, and a piece still bad is reported (and repaired) again.
    /// </summary>
    public static TaskScheduling Restore(SchedulerSnapshot snapshot, SchedulerSettings settings, Random random)
    {
        var scheduler = PieceScheduler.Restore(snapshot, settings, random);
        foreach (var piece in snapshot.BadCdnPieces) scheduler.MarkCdnPieceGood(piece);
        return new TaskScheduling(scheduler, settings);
    }

    /// <summary>Something changed since the last <see cref="Snapshot"/>.</summary>
    public bool Dirty { get; private set; }

    public PieceScheduler Scheduler => _scheduler;

    public SchedulerSnapshot Snapshot()
    {
        Dirty = false;
        return _scheduler.Snapshot();
    }

    /// <summary>Keeps the scheduler in step with a durable fact of the task.</summary>
    public void OnEvent(ITaskEvent e)
    {
        switch (e)
        {
            case TaskEvents.ClientRegistered r:
                _scheduler.AddClient(r.Client.Cid, r.Client.ServesPieces);
                IndexPeer(r.Client);
                break;
            case TaskEvents.ClientServiceDown d:
                _scheduler.MarkDown(d.Cid);
                break;
            case TaskEvents.ClientRemoved r:
                _scheduler.RemoveClient(r.Cid);
                // Rare next to pulls: a scan of the peers of one task.
                foreach (var (peer, cid) in _cidByPeer)
                    if (cid == r.Cid) _cidByPeer.Remove(peer);
                break;
            case TaskEvents.CdnCopyStarted:
                CopyStarted();
                break;
        }
        Dirty = true;
    }

    /// <summary>The task's clients as a snapshot restored them: their peer ids name them too.</summary>
    public void IndexPeers(IEnumerable<TaskClient> clients)
    {
        foreach (var client in clients) IndexPeer(client);
    }

    private void IndexPeer(TaskClient client)
    {
        if (client.PeerId.Length > 0) _cidByPeer[client.PeerId] = client.Cid;
    }

    /// <summary>
    /// Pieces handed out from the copy before it started over come from a holder that is gone or content that is being
    /// replaced: those downloads fail, and their pieces go back to everyone at once.
    /// </summary>
    public void CopyStarted()
    {
        _scheduler.ReleaseSupernodeAssignments();
        Dirty = true;
    }

    /// <summary>Holders per <see cref="TaskGroupCommands.SiblingHolders"/> page: about 60 KB, half the remote transport's frame.</summary>
    public const int HoldersPerPage = 400;

    /// <summary>Pages a group takes from each sibling; holders beyond (a file of thousands of pieces) are not shared.</summary>
    public const int PagesPerSibling = 16;

    /// <summary>
    /// The holders sibling group <paramref name="from"/> last shared on page <paramref name="page"/> of
    /// <paramref name="pages"/> replace those it shared there before (a hot task's group,
    /// <see cref="TaskGroupCommands.SiblingHolders"/>), and pages it no longer sends are dropped: this group's clients
    /// may fetch from them.
    /// </summary>
    public void UpdateSiblings(int from, int page, int pages, IReadOnlyList<TaskGroupCommands.SharedHolder> holders)
    {
        if (page >= PagesPerSibling) return;
        var addresses = new Dictionary<string, TaskClient>(holders.Count, StringComparer.Ordinal);
        var shared = new List<SiblingHolder>(holders.Count);
        foreach (var h in holders)
        {
            addresses[h.Cid] = new TaskClient(h.Cid, "", h.Ip, "", h.Port, h.Path, "", "", "", "", "");
            shared.Add(new SiblingHolder(h.Cid, h.Pieces));
        }
        UpdateSiblingPage(from * PagesPerSibling + page, shared, addresses);
        for (var gone = Math.Max(pages, page + 1); gone < PagesPerSibling; gone++)
            if (_siblings.ContainsKey(from * PagesPerSibling + gone)) UpdateSiblingPage(from * PagesPerSibling + gone, [], []);
    }

    private void UpdateSiblingPage(int key, List<SiblingHolder> shared, Dictionary<string, TaskClient> addresses)
    {
        _scheduler.UpdateSiblingHolders(key, shared, TaskGroups.SiblingUploadLimit);
        if (addresses.Count == 0) _siblings.Remove(key);
        else _siblings[key] = addresses;
    }

    /// <summary>What this group tells its siblings: a few of its holders of each piece, with where they serve, in pages.</summary>
    public IEnumerable<ImmutableArray<TaskGroupCommands.SharedHolder>> SharedHolders(TaskState task)
    {
        var shared = new List<TaskGroupCommands.SharedHolder>();
        foreach (var h in _scheduler.ShareHolders(TaskGroups.SharePerPiece))
            if (task.Clients.TryGetValue(h.Cid, out var client))
                shared.Add(new TaskGroupCommands.SharedHolder(client.Cid, client.Ip, client.Port, client.Path, h.Pieces));
        return shared.Chunk(HoldersPerPage).Select(page => page.ToImmutableArray()).DefaultIfEmpty(ImmutableArray<TaskGroupCommands.SharedHolder>.Empty);
    }

    /// <summary>Tells the scheduler how much of the CDN copy can be handed out.</summary>
    public void SyncCopy(TaskState task)
    {
        var written = task.CdnStatus is CdnStatus.Running or CdnStatus.Success ? task.PieceMd5s.Count : 0;
        var complete = task.CdnStatus == CdnStatus.Success && written > 0;
        if (written == _scheduler.PiecesWritten && complete == _scheduler.CopyComplete) return;
        _scheduler.UpdateCdnCopy(written, complete);
        Dirty = true;
    }

    /// <summary>
    /// <c>GET /peer/task</c>. <paramref name="finishedWithoutUploader"/> names a client that just finished and has
    /// no uploader: the Go supernode marks its service down then, so nobody is sent to it.
    /// </summary>
    /// <param name="now">Wall-clock time, against which a client unknown to the task is told recent or forgotten (<see cref="DfgetCid"/>).</param>
    public ISupernodeMessage Pull(TaskState task, TaskCommands.PullPieceTask pull, long nowMs, DateTimeOffset now, out string? finishedWithoutUploader)
    {
        finishedWithoutUploader = null;
        if (!task.Exists) return new TaskReplies.PullFailed(PullFailure.NotRegistered, $"task {pull.TaskId} not found");
        // A REST client names its source by peer id; a dfget cid or the supernode's is no key here, so the pull path
        // neither allocates nor scans for it.
        if (_cidByPeer.TryGetValue(pull.DstCid, out var source)) pull = pull with { DstCid = source };
        if (pull.OnlyReportsResult)
        {
            if (!task.Clients.ContainsKey(pull.SrcCid))
                return new TaskReplies.PullFailed(PullFailure.NotRegistered, $"client {pull.SrcCid} is not registered on task {pull.TaskId}");
            RecordResult(pull);
            return new TaskReplies.PieceAccepted();
        }
        if (!task.Clients.TryGetValue(pull.SrcCid, out var client))
            return DfgetCid.IsRecent(pull.SrcCid, now)
                ? new TaskReplies.PeerWait($"client {pull.SrcCid} is not registered on task {pull.TaskId} yet: its registration is on its way")
                : new TaskReplies.PullFailed(PullFailure.NotRegistered, $"client {pull.SrcCid} is not registered on task {pull.TaskId}");
        if (pull.Status == PullStatus.Finished) return new TaskReplies.PeerFinished(0, "", WithData: false);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return Schedule(task, pull, client, nowMs, out finishedWithoutUploader);
        }
        finally
        {
            TaskMetrics.ScheduleDuration.WithLabels(client.Ip).Observe(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private ISupernodeMessage Schedule(TaskState task, TaskCommands.PullPieceTask pull, TaskClient client, long nowMs, out string? finishedWithoutUploader)
    {
        finishedWithoutUploader = null;
        // The result first: a pull sent again carries it again (applying a result twice changes nothing), and a
        // client failing the same piece from the same source twice sends the same pull twice, which is no repeat.
        RecordResult(pull);
        var key = new PullKey((int)pull.Status, pull.PieceNum, pull.DstCid, pull.Result);
        if (_scheduler.TryRepeat(pull.SrcCid, key, out var repeated)) return new TaskReplies.PiecesAssigned(PieceTasks(task, repeated));

        switch (task.CdnStatus)
        {
            case CdnStatus.Failed:
                return new TaskReplies.PullFailed(PullFailure.CopyFailed, $"task {task.TaskId}: cdn status is fail");
            case CdnStatus.Waiting:
                return new TaskReplies.PeerWait("cdn status is wait", PieceMayCome: true);
        }
        if (task.Paused)
        {
            TaskMetrics.PausedPulls.Inc();
            return new TaskReplies.PeerWait($"task {task.TaskId} is paused by an operator");
        }

        _scheduler.SupernodeBudget = SupernodeDemand.Budget(_configuredBudget, _budgetCeiling, _scheduler.ClientCount, UpReplicas);
        var fromSiblings = _scheduler.SiblingPiecesAssigned;
        var outcome = _scheduler.Pull(pull.SrcCid, nowMs, key, pull.MaxPieces);
        if (_scheduler.SiblingPiecesAssigned > fromSiblings) TaskMetrics.SiblingPieces.Inc(_scheduler.SiblingPiecesAssigned - fromSiblings);
        switch (outcome)
        {
            case PullOutcome.Finished:
                if (!client.ServesPieces) finishedWithoutUploader = client.Cid;
                return new TaskReplies.PeerFinished(task.FileLength, task.RealMd5, WithData: true);
            case PullOutcome.Assigned a:
                Dirty = true;
                var pieces = PieceTasks(task, a.Pieces);
                // An empty 601 stalls dfget; the skipped pieces time out in the scheduler.
                return pieces.IsEmpty ? new TaskReplies.PeerWait("peer should wait", PieceMayCome: true) : new TaskReplies.PiecesAssigned(pieces);
            case PullOutcome.Busy:
                // Go answers 601 without pieces here. A client that lost its pieces in flight (a restart, a copy
                // that started over) would stall on that for good; a 602 is harmless to one that still has them.
                return new TaskReplies.PeerWait("peer continue: the client has its limit of pieces running");
            case PullOutcome.Wait:
                return new TaskReplies.PeerWait("peer should wait", PieceMayCome: true);
            default:
                return new TaskReplies.PullFailed(PullFailure.NotRegistered, $"client {pull.SrcCid} is not registered on task {pull.TaskId}");
        }
    }

    /// <summary>
    /// The result of the piece a pull carries, whatever the pull is answered: dfget sends it once, and a piece left
    /// running for a client that failed it is handed to nobody until it times out.
    /// </summary>
    public void RecordResult(TaskCommands.PullPieceTask pull)
    {
        if (pull.Status != PullStatus.Running || pull.Result is not { } result) return;
        _scheduler.ReportResult(pull.SrcCid, pull.PieceNum, pull.DstCid, result);
        Dirty = true;
    }

    /// <summary>The live piece map of the task (ops).</summary>
    public TaskReplies.PieceMap Map(TaskState task)
    {
        var supernodeCid = task.CdnLocation?.SuperCid(task.TaskId) ?? "";
        return new TaskReplies.PieceMap(task.TaskId, task.CdnStatus, task.PieceTotal, _scheduler.PiecesWritten, supernodeCid,
            _scheduler.BadCdnPieces, _scheduler.SupernodeLoad, _scheduler.SupernodeBudget, [.. _scheduler.Map(supernodeCid)]);
    }

    /// <summary><c>GET /peer/piece/suc</c>: the client becomes a source of the piece for others.</summary>
    public ISupernodeMessage ReportSuccess(TaskState task, TaskCommands.ReportPieceSuccess report)
    {
        if (!task.Exists) return new TaskReplies.ReportRejected($"task {report.TaskId} not found");
        if (SourceNamed(task, report.DstCid) is not { } source) return new TaskReplies.ReportRejected($"source {report.DstCid} is not on task {report.TaskId}");
        if (!_scheduler.ReportSuccess(report.Cid, report.PieceNum, source))
            return new TaskReplies.ReportRejected($"client {report.Cid} is not registered on task {report.TaskId}");
        Dirty = true;
        return new TaskReplies.PieceAccepted();
    }

    /// <summary>
    /// <c>GET /peer/piece/error</c>: a bad peer is not offered to the reporter again. A piece of the supernode's
    /// own copy with a wrong md5 is withheld and returned as <paramref name="repairPiece"/> for the CDN to check;
    /// a missing copy file sets <paramref name="recheckCopy"/>.
    /// </summary>
    public ISupernodeMessage ReportPieceError(TaskState task, TaskCommands.ReportPieceError report, out int repairPiece, out bool recheckCopy)
    {
        repairPiece = -1;
        recheckCopy = false;
        if (!task.Exists || SourceNamed(task, report.DstCid) is not { } dstCid) return new TaskReplies.PieceErrorNoted();
        Dirty = true;
        if (!_scheduler.ReportPieceError(report.SrcCid, dstCid, report.PieceNum)) return new TaskReplies.PieceErrorNoted();

        if (report.Kind == PieceErrorKind.FileNotExist)
        {
            recheckCopy = task.CdnStatus == CdnStatus.Success;
        }
        else if (task.CdnStatus == CdnStatus.Success && report.PieceNum >= 0 && report.PieceNum < task.PieceMd5s.Count
                 && _repairing.Add(report.PieceNum))
        {
            _scheduler.MarkCdnPieceBad(report.PieceNum);
            repairPiece = report.PieceNum;
        }
        return new TaskReplies.PieceErrorNoted();
    }

    /// <summary>The CDN checked (and maybe rewrote) a piece: the supernode serves it again.</summary>
    public void PieceRepaired(int pieceNum)
    {
        if (!_repairing.Remove(pieceNum)) return;
        _scheduler.MarkCdnPieceGood(pieceNum);
        Dirty = true;
    }

    /// <summary>
    /// The source a piece error names: by its cid (dfget's <c>/peer/piece/error</c>), or by the peer id of a client
    /// of the task (the <c>/api/v1</c> route names peers); null when it is no source of this task.
    /// </summary>
    private string? SourceNamed(TaskState task, string cidOrPeerId) =>
        IsSource(task, cidOrPeerId) ? cidOrPeerId : _cidByPeer.GetValueOrDefault(cidOrPeerId);

    /// <summary>
    /// <c>PUT /tasks/{id}</c> with a peer that finished the task: its clients on the task (of this group) hold every
    /// piece. False when it has none here.
    /// </summary>
    public bool PeerHoldsAll(TaskState task, string peerId)
    {
        var any = false;
        foreach (var client in task.Clients.Values)
            if (client.PeerId == peerId) any |= _scheduler.HoldsAll(client.Cid, task.PieceTotal);
        if (any) Dirty = true;
        return any;
    }

    private bool IsSource(TaskState task, string cid) =>
        cid == task.CdnLocation?.SuperCid(task.TaskId) || (!CdnLocation.IsSuperCid(cid) && TryGetClient(task, cid, out _));

    /// <summary>A client of the task (of this group), or a holder a sibling group shared.</summary>
    private bool TryGetClient(TaskState task, string cid, out TaskClient client)
    {
        if (task.Clients.TryGetValue(cid, out client!)) return true;
        foreach (var addresses in _siblings.Values)
            if (addresses.TryGetValue(cid, out client!)) return true;
        return false;
    }

    private ImmutableArray<PieceTask> PieceTasks(TaskState task, ImmutableArray<PieceAssignment> pieces)
    {
        var size = task.PieceSize;
        var result = ImmutableArray.CreateBuilder<PieceTask>(pieces.Length);
        foreach (var p in pieces)
        {
            var md5 = p.PieceNum < task.PieceMd5s.Count ? task.PieceMd5s[p.PieceNum] : "";
            if (p.SourceCid is null)
            {
                // The replica holding the copy serves it, reached on the address it advertises (behind a load
                // balancer the client's superNodeIp may be any replica).
                var holder = task.CdnLocation!;
                result.Add(new PieceTask(p.PieceNum, size, md5, holder.SuperCid(task.TaskId), holder.AdvertiseIp,
                    holder.DownloadPort, CdnLocation.DownloadPath(task.TaskId)));
            }
            else if (TryGetClient(task, p.SourceCid, out var source))
            {
                result.Add(new PieceTask(p.PieceNum, size, md5, source.Cid, source.Ip, source.Port, source.Path, source.PeerId));
            }
        }
        return result.DrainToImmutable();
    }
}
