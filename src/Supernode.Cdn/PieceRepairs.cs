using Akka.Actor;
using Akka.Event;
using Supernode.Actors.Cdn;

namespace Supernode.Cdn;

/// <summary>
/// Runs the replica's piece repairs (child of <see cref="CdnManager"/>), off the actor thread: at most
/// <see cref="CdnSettings.MaxConcurrentRepairs"/> at once and up to <see cref="CdnSettings.MaxQueuedRepairs"/> waiting,
/// beyond which a repair is refused at once, so a flood of bad-piece reports cannot become a flood of source requests.
/// Single-flight per (task, piece): a request for a piece already under way or queued joins it, and every requester
/// is answered with its outcome, under its own copy id, when it ends; a request expecting another md5 for that piece
/// is refused at once, as both would write the same slot.
/// </summary>
internal sealed class PieceRepairs : ReceiveActor
{
    private const string RepairLine =
        "Task {TaskId}: piece {PieceNum} repair: {Outcome} {Error}; {SourceBytes} bytes from the source, {Requests} request(s) answered";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly PieceRepairer _repairer;
    private readonly int _maxRunning;
    private readonly int _maxQueued;
    private readonly Dictionary<(string TaskId, int PieceNum), Repair> _repairs = [];
    private readonly Queue<Repair> _queued = new();
    private int _running;

    public PieceRepairs(PieceRepairer repairer, int maxRunning, int maxQueued)
    {
        _repairer = repairer;
        _maxRunning = Math.Max(1, maxRunning);
        _maxQueued = Math.Max(0, maxQueued);
        Receive<CdnCommands.RepairPiece>(OnRepair);
        Receive<Done>(OnDone);
    }

    public static Props Props(PieceRepairer repairer, int maxRunning, int maxQueued) =>
        Akka.Actor.Props.Create(() => new PieceRepairs(repairer, maxRunning, maxQueued));

    /// <summary>Answers <paramref name="cmd"/> at once, without a repair.</summary>
    public static void Refuse(IActorRef replyTo, CdnCommands.RepairPiece cmd, string error, ILoggingAdapter log)
    {
        log.Debug("Task {TaskId}: repair of piece {PieceNum} refused: {Error}", cmd.TaskId, cmd.PieceNum, error);
        replyTo.Tell(PieceRepairResult.Failed(error).To(cmd, cmd.CopyId));
    }

    private void OnRepair(CdnCommands.RepairPiece cmd)
    {
        var key = (cmd.TaskId, cmd.PieceNum);
        if (_repairs.TryGetValue(key, out var joined))
        {
            if (joined.Command.ExpectedPieceMd5 == cmd.ExpectedPieceMd5) joined.Waiters.Add((Sender, cmd.CopyId));
            else Refuse(Sender, cmd, "a repair of this piece against another md5 is under way", _log);
            return;
        }
        if (_running >= _maxRunning && _queued.Count >= _maxQueued)
        {
            Refuse(Sender, cmd, $"{_maxRunning + _maxQueued} piece repairs are under way or queued already", _log);
            return;
        }
        var repair = new Repair(cmd, [(Sender, cmd.CopyId)]);
        _repairs[key] = repair;
        if (_running < _maxRunning) Start(repair);
        else _queued.Enqueue(repair);
    }

    private void Start(Repair repair)
    {
        _running++;
        var cmd = repair.Command;
        var token = _stop.Token;
        // On the thread pool: the repair reads a piece, hashes it and may wait for the source.
        Task.Run(() => _repairer.RepairAsync(cmd, token)).PipeTo(Self,
            success: result => new Done(repair, result),
            failure: e => new Done(repair, PieceRepairResult.Failed($"the repair stopped: {e.GetBaseException().Message}")));
    }

    private void OnDone(Done done)
    {
        _running--;
        var cmd = done.Repair.Command;
        _repairs.Remove((cmd.TaskId, cmd.PieceNum));
        var r = done.Result;
        object[] args = [cmd.TaskId, cmd.PieceNum, r.Outcome, r.Error, r.SourceBytes, done.Repair.Waiters.Count];
        if (r.Outcome is PieceRepairOutcome.Intact or PieceRepairOutcome.Rewritten) _log.Info(RepairLine, args);
        else _log.Warning(RepairLine, args);
        foreach (var (replyTo, copyId) in done.Repair.Waiters) replyTo.Tell(r.To(cmd, copyId));
        if (_queued.TryDequeue(out var next)) Start(next);
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>One piece's repair, and who waits for its outcome.</summary>
    private sealed record Repair(CdnCommands.RepairPiece Command, List<(IActorRef ReplyTo, string CopyId)> Waiters);

    private sealed record Done(Repair Repair, PieceRepairResult Result);
}
