using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Runs one task's copy on this replica and reports it to the task through the sharding region: each piece as it
/// reaches the disk, then the end. Another <see cref="CdnCommands.StartCopy"/> meanwhile restates every piece
/// written so far and moves the reports to its copy id. It tells its parent when the copy ended, and is stopped by it.
/// A long copy logs its progress every few seconds.
/// </summary>
internal sealed class CopyWorker : ReceiveActor
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stop = new();
    private readonly CdnCommands.StartCopy _first;
    private readonly CdnCopier _copier;
    private readonly IActorRef _taskRegion;
    private readonly string _taskId;
    private readonly string _url;
    private readonly List<string> _pieceMd5s = [];
    private string _copyId;
    private long _httpFileLength;
    private TaskCommands.CdnCopyFinished? _finished;
    private readonly Stopwatch _running = new();
    private TimeSpan _progressAt;
    private long _progressBytes = -1;

    public CopyWorker(CdnCommands.StartCopy cmd, CdnCopier copier, IActorRef taskRegion)
    {
        _first = cmd;
        _copier = copier;
        _taskRegion = taskRegion;
        _taskId = cmd.TaskId;
        _url = cmd.Source.SafeUrl;
        _copyId = cmd.CopyId;
        _httpFileLength = cmd.HttpFileLength;

        Receive<PiecesWritten>(OnPiecesWritten);
        Receive<CopyOutcome>(OnOutcome);
        Receive<CdnCommands.StartCopy>(OnStartCopyAgain);
    }

    protected override void PreStart()
    {
        _log.Info("Task {TaskId}: copy {CopyId} of {Url} started", _taskId, _copyId, _url);
        _running.Start();
        var self = Self;
        var cmd = _first;
        // On the thread pool: the copy reads files and hashes pieces, which is not work for an actor's thread.
        Task.Run(() => _copier.CopyAsync(cmd, (first, md5s, length) => self.Tell(new PiecesWritten(first, md5s, length)), _stop.Token))
            .PipeTo(self, failure: e => CopyOutcome.Failed($"the copy stopped: {e.GetBaseException().Message}", cmd.HttpFileLength, 0, ""));
    }

    public static Props Props(CdnCommands.StartCopy cmd, CdnCopier copier, IActorRef taskRegion) =>
        Akka.Actor.Props.Create(() => new CopyWorker(cmd, copier, taskRegion));

    /// <summary>Sent to the parent: this task's copy ended and the worker may be stopped.</summary>
    public sealed record Ended(string TaskId);

    private sealed record PiecesWritten(int FirstPiece, ImmutableArray<string> PieceMd5s, long HttpFileLength);

    private void OnPiecesWritten(PiecesWritten p)
    {
        if (p.FirstPiece < _pieceMd5s.Count) _pieceMd5s.RemoveRange(p.FirstPiece, _pieceMd5s.Count - p.FirstPiece);
        _pieceMd5s.AddRange(p.PieceMd5s);
        if (p.HttpFileLength >= 0) _httpFileLength = p.HttpFileLength;
        _taskRegion.Tell(new TaskCommands.CdnPiecesWritten(_taskId, _copyId, _httpFileLength, p.FirstPiece, p.PieceMd5s));
        LogProgress();
    }

    /// <summary>Bytes on disk, rate and time left since the last progress line; the first report (pieces kept from an earlier copy) only sets the mark.</summary>
    private void LogProgress()
    {
        var now = _running.Elapsed;
        var done = (long)_pieceMd5s.Count * PieceLayout.ContentPerPiece(_first.PieceSize);
        if (_httpFileLength > 0) done = Math.Min(done, _httpFileLength);
        if (_progressBytes < 0) (_progressAt, _progressBytes) = (now, done);
        if (now - _progressAt < ProgressEvery) return;
        var rate = (done - _progressBytes) / (now - _progressAt).TotalSeconds;
        (_progressAt, _progressBytes) = (now, done);
        if (_httpFileLength > 0)
            _log.Info("Task {TaskId}: copy {CopyId} at {Bytes} of {FileLength} bytes ({Percent} %), {Speed}",
                _taskId, _copyId, done, _httpFileLength, Format(100.0 * done / _httpFileLength, "0"),
                $"{Format(rate / 1e6, "0.0")} MB/s, about {(rate > 0 ? Format((_httpFileLength - done) / rate, "0") : "?")} s left");
        else
            _log.Info("Task {TaskId}: copy {CopyId} at {Bytes} bytes, {Rate} MB/s", _taskId, _copyId, done, Format(rate / 1e6, "0.0"));
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private void OnOutcome(CopyOutcome o)
    {
        _finished = new TaskCommands.CdnCopyFinished(
            _taskId, _copyId, o.Success, o.Origin, o.FileLength, o.HttpFileLength, o.RealMd5, o.PieceMd5s, o.Error);
        CdnMetrics.Triggers.Inc();
        if (!o.Success) CdnMetrics.TriggersFailed.Inc();
        if (o.Success)
            _log.Info("Task {TaskId}: copy {CopyId} succeeded ({Origin}): {FileLength} bytes, {SourceBytes} bytes from the source {Took}",
                _taskId, _copyId, o.Origin, o.FileLength, o.SourceBytes,
                $"in {Format(_running.Elapsed.TotalSeconds, "0.0")} s ({Format(o.SourceBytes / _running.Elapsed.TotalSeconds / 1e6, "0.0")} MB/s); {o.Note}");
        else
            _log.Warning("Task {TaskId}: copy {CopyId} of {Url} failed: {Error}; {Note}", _taskId, _copyId, _url, o.Error, o.Note);
        // The parent first: a piece repair the task asks for once it knows the copy ended must find it ended.
        Context.Parent.Tell(new Ended(_taskId));
        _taskRegion.Tell(_finished);
    }

    private void OnStartCopyAgain(CdnCommands.StartCopy cmd)
    {
        _copyId = cmd.CopyId;
        if (_pieceMd5s.Count > 0)
            _taskRegion.Tell(new TaskCommands.CdnPiecesWritten(_taskId, _copyId, _httpFileLength, 0, [.. _pieceMd5s]));
        // Asked again between the end and the stop: the end is restated under the new id.
        if (_finished is not null) _taskRegion.Tell(_finished with { CopyId = _copyId });
    }

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
