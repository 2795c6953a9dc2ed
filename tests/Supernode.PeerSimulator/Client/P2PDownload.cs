using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator.Client;

/// <summary>
/// dfget 1.0.6's P2PDownloader, PowerClient and ClientWriter (dfget/core/downloader/p2p_downloader), reproduced
/// for their wire behaviour: the pull loop with its result queue and merging, the 602 back-off cut short by piece
/// reports, migration on bad answers, concurrent piece downloads, and the reports that follow each piece.
/// </summary>
internal sealed class P2PDownload
{
    private const int ResultFail = 500;
    private const int ResultInvalid = 502;
    private const int ResultSemiSuccess = 503;
    private const int ResultSuccess = 501;
    private const int StatusStart = 700;
    private const int StatusRunning = 701;

    private static readonly TimeSpan QueuePollTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FailureRequeueDelay = TimeSpan.FromMilliseconds(20);

    private readonly string _cid;
    private readonly PeerOptions _options;
    private readonly Registrar _registrar;
    private readonly SafeFileHandle _file;
    private readonly Random _random;
    private readonly CancellationTokenSource _run;
    private readonly CancellationTokenSource _reports;
    private readonly PieceFetcher _fetcher;

    // dfget's p2p.queue: piece results waiting to be carried by the next pull.
    private readonly Channel<PieceItem> _queue = Channel.CreateUnbounded<PieceItem>();
    // dfget's notifyQueue: one token per successful piece report; it cuts a 602 back-off short.
    private readonly SemaphoreSlim _notify = new(0, int.MaxValue);
    // dfget's pieceSet, owned by the pull loop: range → true (have) / false (downloading).
    private readonly Dictionary<string, bool> _pieceSet = new(StringComparer.Ordinal);
    private readonly List<Task> _background = [];

    private SupernodeNode _node;
    private string _taskId;
    private int _pieceSize;
    private int _registeredPieceSize;
    private int _minTimeout = 50;
    private int _maxTimeout = 100;
    private volatile bool _died;
    // Pieces received toward DieAfterPieces: counted as each arrives, since several download at once.
    private int _piecesTowardDeath;

    public P2PDownload(string cid, PeerOptions options, Registrar registrar, RegisterResult registered, SafeFileHandle file,
        Random random, CancellationTokenSource run, CancellationTokenSource reports, DownloadStats stats)
    {
        _cid = cid;
        Stats = stats;
        _options = options;
        _registrar = registrar;
        _file = file;
        _random = random;
        _run = run;
        _reports = reports;
        _fetcher = new PieceFetcher(options, file, new RateLimiter(options.LocalLimit));
        _node = registered.Node;
        _taskId = registered.TaskId;
        _pieceSize = _registeredPieceSize = registered.PieceSize;
    }

    public DownloadStats Stats { get; }

    /// <summary>The supernode and taskId in use (they change when a migration's first 601 is processed).</summary>
    public SupernodeNode Node => Volatile.Read(ref _node);
    public string TaskId => Volatile.Read(ref _taskId);

    /// <summary>The client was killed by <see cref="PeerOptions.DieAfterPieces"/>.</summary>
    public bool Died => _died;

    /// <summary>Writing a piece to disk failed; the download was stopped.</summary>
    public string? FatalReason { get; private set; }

    /// <summary>Runs the pull loop until a 600 answer; returns that answer's whole-file md5 (may be empty).</summary>
    public async Task<string> RunAsync()
    {
        _queue.Writer.TryWrite(new PieceItem(_taskId, _node, "", "", ResultInvalid, StatusStart));
        PieceItem? last = null;
        while (true)
        {
            bool goNext;
            (goNext, last) = await GetItemAsync(last);
            if (!goNext) continue;
            var current = last!.Copy();
            last = null;

            var pulledMs = Stats.NowMs;
            var res = await PullPieceTaskAsync(current);
            if (res.Code == 601) ProcessPiece(res, current, pulledMs);
            else if (res.Code == 600) return FinishMd5(res);
            // 602 with a result waiting, 603 and 200: dfget logs them and goes on.
        }
    }

    /// <summary>Waits for every piece download and report started by the loop.</summary>
    public async Task DrainAsync()
    {
        Task[] pending;
        lock (_background) pending = [.. _background];
        try
        {
            await Task.WhenAll(pending);
        }
        catch (OperationCanceledException)
        {
            // Downloads and reports cut off by the end of the run.
        }
    }

    /// <summary>
    /// dfget's getItem: takes the next result from the queue (2 s poll). A success result is held back ("merged" into
    /// a later one, so only the latest is pulled) while more results are queued or more than two pieces are running;
    /// failures are always pulled.
    /// </summary>
    private async Task<(bool, PieceItem?)> GetItemAsync(PieceItem? latest)
    {
        var needMerge = true;
        var item = await PollAsync();
        if (item is not null)
        {
            if (item.PieceSize != 0 && item.PieceSize != _registeredPieceSize) return (false, latest);
            if (!ReferenceEquals(item.Node, _node))
            {
                item.DstCid = "";
                item.Node = _node;
                item.TaskId = _taskId;
            }
            if (item.Range.Length > 0)
            {
                if (!_pieceSet.TryGetValue(item.Range, out var have)) return (false, latest);
                if (!have && item.Result is ResultSemiSuccess or ResultSuccess) _pieceSet[item.Range] = true;
                else if (!have) _pieceSet.Remove(item.Range);
            }
            latest = item;
        }
        else
        {
            needMerge = false;
        }

        if (latest is null) return (false, null);
        if (latest.Result is ResultSuccess or ResultFail or ResultInvalid) needMerge = false;
        var running = _pieceSet.Values.Count(v => !v);
        if (needMerge && (_queue.Reader.Count > 0 || running > 2)) return (false, latest);
        return (true, latest);
    }

    private async Task<PieceItem?> PollAsync()
    {
        if (_queue.Reader.TryRead(out var item)) return item;
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(_run.Token);
        poll.CancelAfter(QueuePollTimeout);
        try
        {
            await _queue.Reader.WaitToReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!_run.IsCancellationRequested)
        {
            return null;
        }
        return _queue.Reader.TryRead(out item) ? item : null;
    }

    /// <summary>
    /// dfget's pullPieceTask: 602 is retried with the same parameters after a back-off (unless a result is waiting);
    /// any answer other than 600/601/602/603/200, or a failed call, re-registers ("migrates") and pulls again with
    /// status 700, the other parameters unchanged.
    /// </summary>
    private async Task<ResultInfo> PullPieceTaskAsync(PieceItem item)
    {
        while (true)
        {
            var query = $"srcCid={_cid}&dstCid={item.DstCid}&range={item.Range}&result={item.Result}&status={item.Status}&taskId={item.TaskId}";
            ResultInfo? res;
            string problem;
            while (true)
            {
                try
                {
                    res = await SupernodeApi.PullPieceTaskAsync(item.Node, query, _run.Token, Stats.Calls);
                }
                catch (SupernodeApiException e)
                {
                    (res, problem) = (null, e.Message);
                    break;
                }
                problem = $"code {res.Code}: {res.Msg}";
                if (res.Code != 602) break;
                Stats.CountWait();
                if (_queue.Reader.Count > 0) break;
                await SleepIntervalAsync();
            }
            if (res is { Code: 600 or 601 or 602 or 603 or 200 }) return res;

            Stats.CountMigration();
            RegisterResult registered;
            try
            {
                registered = await _registrar.RegisterAsync(_run.Token);
            }
            catch (RegisterFailedException e)
            {
                throw new P2PFailedException($"/peer/task failed ({problem}) and re-registering failed: {e.Message}");
            }
            _registeredPieceSize = registered.PieceSize;
            item.Status = StatusStart;
            item.Node = registered.Node;
            item.TaskId = registered.TaskId;
        }
    }

    /// <summary>Random sleep in [min,max) ms, doubling up to [800,1600); a successful piece report ends it early.</summary>
    private async Task SleepIntervalAsync()
    {
        int expected;
        lock (_random) expected = _random.Next(_minTimeout, _maxTimeout);
        var asleep = System.Diagnostics.Stopwatch.StartNew();
        await _notify.WaitAsync(expected, _run.Token);
        Stats.AddBackOff(asleep.Elapsed);
        if (_minTimeout < 800)
        {
            _minTimeout *= 2;
            _maxTimeout *= 2;
        }
    }

    /// <summary>dfget's processPiece: start a download for each new range; answer ranges already held at once.</summary>
    private void ProcessPiece(ResultInfo res, PieceItem item, double pulledMs)
    {
        Refresh(item);
        var assignedMs = Stats.NowMs;
        foreach (var task in ContinueData(res))
        {
            if (_pieceSet.TryGetValue(task.Range, out var have))
            {
                if (have)
                {
                    var held = new PieceItem(_taskId, _node, task.Cid, task.Range, ResultSemiSuccess, StatusRunning);
                    _queue.Writer.TryWrite(held);
                    Track(SendSuccessPieceAsync(held.Copy()));
                }
                continue;
            }
            _pieceSet[task.Range] = false;
            Track(RunPieceAsync(task, pulledMs, assignedMs));
        }
    }

    /// <summary>After a migration: adopt the new node/taskId; a different piece size restarts the file from scratch.</summary>
    private void Refresh(PieceItem item)
    {
        if (_pieceSize != _registeredPieceSize)
        {
            _pieceSize = _registeredPieceSize;
            _pieceSet.Clear();
            RandomAccess.SetLength(_file, 0);
        }
        if (!ReferenceEquals(_node, item.Node))
        {
            Volatile.Write(ref _node, item.Node);
            Volatile.Write(ref _taskId, item.TaskId);
        }
    }

    /// <summary>dfget's PowerClient.Run plus the writer's report: download, then queue the result and report it.</summary>
    private async Task RunPieceAsync(PieceTask task, double pulledMs, double assignedMs)
    {
        var node = _node;
        var taskId = _taskId;
        await Task.Yield();

        var fetchStartedMs = Stats.NowMs;
        long bytes;
        try
        {
            bytes = await _fetcher.FetchAsync(task, _run.Token);
        }
        catch (PieceFailedException e)
        {
            Stats.CountPieceFailure(new FailedPiece(task.PieceNum, task.Cid, e.Message));
            // dfget queues the failure 20 ms later and reports the client error meanwhile.
            var requeue = RequeueLaterAsync(new PieceItem(taskId, node, task.Cid, task.Range, ResultFail, StatusRunning));
            if (e.Error is { } error)
            {
                Stats.CountPieceErrorReported();
                var query = $"errorType={error.ErrorType}&srcCid={_cid}&dstCid={task.Cid}&dstIp={error.DstIp}&taskId={taskId}" +
                            $"&range={error.Range}&realMd5={error.RealMd5}&expectedMd5={error.ExpectedMd5}";
                await SupernodeApi.ReportClientErrorAsync(Node, query, _reports.Token, Stats.Calls);
            }
            await requeue;
            return;
        }
        catch (PieceWriteException e)
        {
            FatalReason = e.Message;
            await _run.CancelAsync();
            return;
        }

        // The simulated crash comes with the n-th piece: one that finishes after it (several download at once) never
        // arrived, so it is neither counted nor reported.
        var dies = false;
        if (_options.DieAfterPieces is { } n)
        {
            var received = Interlocked.Increment(ref _piecesTowardDeath);
            if (received > n) return;
            dies = received == n;
        }
        var arrived = new ReceivedPiece(task.PieceNum, task.Range, task.Cid, bytes);
        var fetchedMs = Stats.NowMs;
        Stats.Received(arrived);
        var piece = new PieceItem(taskId, node, task.Cid, task.Range, ResultSemiSuccess, StatusRunning)
        {
            PieceSize = task.PieceSize,
        };
        // The report and the pull carrying this result go out concurrently, as in dfget.
        var report = SendSuccessPieceAsync(piece.Copy());
        _queue.Writer.TryWrite(piece);
        await report;
        Stats.Timed(new PieceTiming(task.PieceNum, arrived.FromSupernode, pulledMs, assignedMs, fetchStartedMs, fetchedMs, Stats.NowMs));

        if (dies)
        {
            _died = true;
            await _reports.CancelAsync();
            await _run.CancelAsync();
        }
    }

    private async Task RequeueLaterAsync(PieceItem failed)
    {
        await Task.Delay(FailureRequeueDelay, _run.Token);
        _queue.Writer.TryWrite(failed);
    }

    /// <summary>
    /// dfget's sendSuccessPiece, sent once: a report the supernode does not take is not sent again, so the supernode
    /// must not lose it. Success wakes a 602 back-off.
    /// </summary>
    private async Task SendSuccessPieceAsync(PieceItem piece)
    {
        if (await SupernodeApi.ReportPieceAsync(piece.Node, piece.TaskId, _cid, piece.DstCid, piece.Range, _reports.Token, Stats.Calls))
            _notify.Release();
    }

    private void Track(Task task)
    {
        lock (_background) _background.Add(task);
    }

    private static IEnumerable<PieceTask> ContinueData(ResultInfo res)
    {
        if (res.Data.ValueKind != JsonValueKind.Array) return [];
        try
        {
            return res.Data.EnumerateArray().Select(e => new PieceTask(
                GoJsonReader.Str(e, "range"), (int)GoJsonReader.Int(e, "pieceNum"), (int)GoJsonReader.Int(e, "pieceSize"),
                GoJsonReader.Str(e, "pieceMd5"), GoJsonReader.Str(e, "cid"), GoJsonReader.Str(e, "peerIp"),
                (int)GoJsonReader.Int(e, "peerPort"), GoJsonReader.Str(e, "path"))).ToList();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            // dfget's ContinueData gives nothing when the list does not decode.
            return [];
        }
    }

    private static string FinishMd5(ResultInfo res)
    {
        try
        {
            return GoJsonReader.Str(res.Data, "md5");
        }
        catch (FormatException)
        {
            return "";
        }
    }
}

/// <summary>A piece result (or the initial request) as dfget queues it for the next pull.</summary>
internal sealed class PieceItem(string taskId, SupernodeNode node, string dstCid, string range, int result, int status)
{
    public string TaskId { get; set; } = taskId;
    public SupernodeNode Node { get; set; } = node;
    public string DstCid { get; set; } = dstCid;
    public string Range { get; } = range;
    public int Result { get; } = result;
    public int Status { get; set; } = status;

    /// <summary>Set on downloaded pieces only; results of an outdated piece size are dropped.</summary>
    public int PieceSize { get; init; }

    public PieceItem Copy() => (PieceItem)MemberwiseClone();
}

/// <summary>One item of a 601 answer.</summary>
internal sealed record PieceTask(string Range, int PieceNum, int PieceSize, string PieceMd5, string Cid, string PeerIp, int PeerPort, string Path);

/// <summary>The P2P download cannot go on (re-registration failed): dfget would fall back to the source, --notbs forbids it.</summary>
internal sealed class P2PFailedException(string message) : Exception(message);

/// <summary>A piece download failed; <see cref="Error"/> is what the client reports to the supernode about it, if anything.</summary>
internal sealed class PieceFailedException(string message, PieceError? error = null) : Exception(message)
{
    public PieceError? Error { get; } = error;
}

/// <summary>A piece error report's fields (dfget's <c>/peer/piece/error</c>, the REST <c>POST …/error</c>).</summary>
internal sealed record PieceError(string ErrorType, string DstIp, string Range, string RealMd5, string ExpectedMd5);

internal sealed class PieceWriteException(string message) : Exception(message);

/// <summary>Counters of one download, updated from concurrent piece tasks.</summary>
internal sealed class DownloadStats
{
    /// <summary>Every call to the supernode API of this download, registrations included.</summary>
    public CallTimes Calls { get; } = new();

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<PieceTiming> _timings = [];
    private long _backOffTicks;

    /// <summary>Milliseconds since the download began: the time axis of <see cref="PieceTiming"/>.</summary>
    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public TimeSpan Registered { get; private set; }

    public TimeSpan BackOff => TimeSpan.FromTicks(Interlocked.Read(ref _backOffTicks));

    public IReadOnlyList<PieceTiming> Timings
    {
        get
        {
            lock (_timings) return [.. _timings];
        }
    }

    public void MarkRegistered() => Registered = _clock.Elapsed;

    public void AddBackOff(TimeSpan slept) => Interlocked.Add(ref _backOffTicks, slept.Ticks);

    public void Timed(PieceTiming timing)
    {
        lock (_timings) _timings.Add(timing);
    }

    private readonly List<ReceivedPiece> _pieces = [];
    private readonly List<FailedPiece> _failed = [];
    private int _waits;
    private int _migrations;
    private int _pieceFailures;
    private int _pieceErrorsReported;

    public int Waits => Volatile.Read(ref _waits);
    public int Migrations => Volatile.Read(ref _migrations);
    public int PieceFailures => Volatile.Read(ref _pieceFailures);
    public int PieceErrorsReported => Volatile.Read(ref _pieceErrorsReported);

    public int ReceivedCount
    {
        get
        {
            lock (_pieces) return _pieces.Count;
        }
    }

    public IReadOnlyList<ReceivedPiece> Pieces
    {
        get
        {
            lock (_pieces) return [.. _pieces];
        }
    }

    public void CountWait() => Interlocked.Increment(ref _waits);
    public void CountMigration() => Interlocked.Increment(ref _migrations);
    public IReadOnlyList<FailedPiece> Failed
    {
        get
        {
            lock (_failed) return [.. _failed];
        }
    }

    public void CountPieceFailure(FailedPiece failure)
    {
        Interlocked.Increment(ref _pieceFailures);
        lock (_failed) _failed.Add(failure);
    }

    public void CountPieceErrorReported() => Interlocked.Increment(ref _pieceErrorsReported);

    public void Received(ReceivedPiece piece)
    {
        lock (_pieces) _pieces.Add(piece);
    }
}
