using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Supernode.PeerSimulator.Client;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator;

/// <summary>
/// One dfget 1.0.6 (p2p pattern, <c>--notbs</c>) with its uploader. Start it, run <see cref="DownloadAsync"/> once,
/// and stop it: <see cref="StopAsync"/> is the uploader's graceful exit (it announces <c>/peer/service/down</c>),
/// <see cref="VanishAsync"/> a crash.
/// </summary>
public sealed class SimulatedPeer : IAsyncDisposable
{
    private const string Version = "1.0.6";
    private static int s_counter;

    private readonly PeerOptions _options;
    private readonly Uploader _uploader;
    private readonly bool _ownsUploader;
    private readonly ServedTask _served;
    private int _downloadStarted;

    private SimulatedPeer(PeerOptions options, Uploader uploader, bool ownsUploader)
    {
        _options = options;
        _uploader = uploader;
        _ownsUploader = ownsUploader;

        // dfget's sign is "<pid>-<unix seconds.millis>"; a per-process counter folded into the pid part keeps the
        // sign (and so cid and task file name) unique among the peers simulated in one process.
        var pidPart = (long)Environment.ProcessId * 10_000 + Interlocked.Increment(ref s_counter);
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Sign = string.Create(CultureInfo.InvariantCulture, $"{pidPart}-{ms / 1000}.{ms % 1000:D3}");
        Cid = $"{options.Ip}-{Sign}";
        TaskFileName = $"{Path.GetFileName(options.OutputFileName)}-{Sign}";
        OutputPath = Path.Combine(options.OutputDirectory, TaskFileName);

        Directory.CreateDirectory(options.OutputDirectory);
        File.Create(OutputPath).Dispose();
        _served = uploader.Serve(TaskFileName, OutputPath, options.UploadFaults);
    }

    public string Sign { get; }
    public string Cid { get; }
    public string TaskFileName { get; }

    /// <summary>The peer id the supernode knows this client's uploader by (host name, IP and uploader port).</summary>
    public string PeerId => $"{_options.HostName}-{_options.Ip}-{Port}";

    /// <summary>The <c>path</c> registered with the supernode, where other peers fetch this peer's pieces.</summary>
    public string FilePath => "/peer/file/" + TaskFileName;

    /// <summary>The file being downloaded, also the file the uploader serves.</summary>
    public string OutputPath { get; }

    /// <summary>The uploader's port, registered as <c>port</c>.</summary>
    public int Port => _uploader.Port;

    /// <summary>Pieces of this peer's file its uploader has served so far.</summary>
    public int ServedPieces => _served.ServedPieces;

    /// <summary>Wrapped bytes of this peer's file its uploader has served so far.</summary>
    public long ServedBytes => _served.ServedBytes;

    /// <summary>The supernode's answer to this task's <c>/peer/service/down</c>, once sent.</summary>
    public int? ServiceDownCode => _served.ServiceDownCode;

    /// <summary>Pieces received so far by the download under way (or ended), for tests that act mid-download.</summary>
    public int ReceivedPieces => Volatile.Read(ref _stats)?.ReceivedCount ?? 0;

    private DownloadStats? _stats;

    /// <summary>Starts the peer's uploader (or joins <see cref="PeerOptions.SharedUploader"/>) and announces its file.</summary>
    public static async Task<SimulatedPeer> StartAsync(PeerOptions options, CancellationToken ct = default)
    {
        Loopback.Parse(options.Ip);
        if (options.Supernodes.Count == 0) throw new ArgumentException("at least one supernode is needed", nameof(options));
        if (options.MinRate <= 0) throw new ArgumentException("MinRate must be positive", nameof(options));
        if (options.SharedUploader is { } shared && shared.Ip != options.Ip)
            throw new ArgumentException($"the shared uploader listens on {shared.Ip}, not on the peer's ip {options.Ip}", nameof(options));

        var uploader = options.SharedUploader ?? await Uploader.StartAsync(options.Ip, options.UploaderPort, ct);
        return new SimulatedPeer(options, uploader, ownsUploader: options.SharedUploader is null);
    }

    /// <summary>
    /// Runs the download as dfget does, from registration to the metrics report. Never downloads from the source.
    /// Failures are results, not exceptions; only cancellation through <paramref name="ct"/> throws.
    /// </summary>
    public async Task<DownloadResult> DownloadAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _downloadStarted, 1) != 0) throw new InvalidOperationException("a simulated peer downloads once");
        if (_options.Protocol == ClientProtocol.Rest) return await DownloadRestAsync(ct);
        var clock = Stopwatch.StartNew();
        var locator = new Locator(_options.Supernodes);
        var stats = new DownloadStats();
        Volatile.Write(ref _stats, stats);
        var registrar = new Registrar(locator, RegisterBody, stats.Calls);

        RegisterResult registered;
        try
        {
            registered = await registrar.RegisterAsync(ct);
            stats.MarkRegistered();
        }
        catch (RegisterFailedException e)
        {
            // 608 ends dfget with an error; any other failure would send it to the source, which --notbs forbids.
            return Result(success: false, $"register failed: {e.Message}", e.Code == 608 ? 0 : 1001, clock, stats: stats) with { RegisterCode = e.Code };
        }
        if (registered.CdnSource == "source")
            return Result(success: false, "cdnSource \"source\" (pieces straight from the origin) is not simulated", 0, clock, registered, stats);

        var timeout = _options.Timeout ?? (registered.FileLength > 0
            ? TimeSpan.FromSeconds(registered.FileLength / _options.MinRate) + TimeSpan.FromSeconds(10)
            : TimeSpan.FromMinutes(5));
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var reports = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(timeout);
        var random = _options.Seed is { } seed ? new Random(seed) : new Random();

        P2PDownload download;
        string? failure = null;
        var backSource = 0;
        using (var file = File.OpenHandle(OutputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous))
        {
            download = new P2PDownload(Cid, _options, registrar, registered, file, random, run, reports, stats);
            try
            {
                var finishMd5 = await download.RunAsync();
                var expected = string.IsNullOrEmpty(_options.Md5) ? finishMd5 : _options.Md5;
                await run.CancelAsync();
                await download.DrainAsync();
                if (expected.Length > 0 && await FileMd5Async(ct) is var real && !string.Equals(real, expected, StringComparison.OrdinalIgnoreCase))
                    failure = $"file md5 not match, expected:{expected} real:{real}";
            }
            catch (P2PFailedException e)
            {
                (failure, backSource) = (e.Message, 3);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Cut short by the simulated crash (handled below), a write error or the overall timeout.
                (failure, backSource) = download.FatalReason is { } fatal ? (fatal, 6) : ($"download timeout({timeout.TotalSeconds:0.000}s)", 0);
            }
            finally
            {
                await run.CancelAsync();
                await download.DrainAsync();
            }
        }

        if (download.Died)
            return Result(success: false, $"died after {_options.DieAfterPieces} pieces (simulated crash)", 0, clock, registered, download.Stats);

        var success = failure is null;
        if (!success) backSource += 1000; // --notbs: dfget adds ForceNotBackSourceAddition instead of going to the source.

        // dfget tells its uploader the download ended (/client/finish), whatever the outcome.
        _uploader.Finish(TaskFileName, download.TaskId, Cid, download.Node);

        var fileLength = registered.FileLength < 0 && success ? new FileInfo(OutputPath).Length : registered.FileLength;
        if (locator.Get() is { } node)
        {
            var metrics = new GoJsonObject()
                .StringOmitEmpty("IP", _options.Ip)
                .StringOmitEmpty("backsourceReason", backSource.ToString(CultureInfo.InvariantCulture))
                .StringOmitEmpty("cID", Cid)
                .StringOmitEmpty("callSystem", _options.CallSystem)
                .NumberOmitZero("duration", clock.Elapsed.TotalSeconds)
                .NumberOmitZero("fileLength", fileLength)
                .NumberOmitZero("port", Port)
                .TrueOmitFalse("success", success)
                .StringOmitEmpty("taskId", registered.TaskId)
                .ToString();
            // dfget retries unless the answer decodes to code 1, so against the Go supernode's "null" it always sends twice.
            for (var i = 0; i < 2; i++)
            {
                if (await SupernodeApi.ReportMetricsAsync(node, metrics, ct, stats.Calls) == 1) break;
            }
        }
        return Result(success, failure, backSource, clock, registered, download.Stats);
    }

    /// <summary>
    /// The download as a client of the REST protocol makes it (<see cref="RestDownload"/>): from the first address only,
    /// checked against the md5 given or the task's own once every piece is in.
    /// </summary>
    private async Task<DownloadResult> DownloadRestAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var stats = new DownloadStats();
        Volatile.Write(ref _stats, stats);
        var node = SupernodeNode.Parse(_options.Supernodes[0]);
        RestRegistration registration;
        try
        {
            registration = await RestDownload.RegisterAsync(_options, node, Cid, Port, FilePath, stats.Calls, ct);
        }
        catch (Exception e) when (e is RegisterFailedException or SupernodeApiException)
        {
            return Result(success: false, $"register failed: {e.Message}", 0, clock, stats: stats) with { RegisterCode = (e as RegisterFailedException)?.Code };
        }
        var registered = registration.Task;
        var timeout = _options.Timeout ?? TimeSpan.FromSeconds(Math.Max(0, registered.FileLength) / _options.MinRate) + TimeSpan.FromSeconds(10);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(timeout);
        string? failure = null;
        using (var file = File.OpenHandle(OutputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous))
        {
            try
            {
                await new RestDownload(Cid, _options, node, file, stats).RunAsync(registration, run.Token);
            }
            catch (Exception e) when (e is P2PFailedException or SupernodeApiException)
            {
                failure = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"download timeout({timeout.TotalSeconds:0.000}s)";
            }
        }
        if (failure is null)
        {
            var expected = string.IsNullOrEmpty(_options.Md5) ? await TaskMd5Async(node, registered.TaskId, ct) : _options.Md5;
            // A copy still being made has no md5 yet: the pieces were each checked, the caller may check the file.
            if (expected.Length > 0 && await FileMd5Async(ct) is var real && !string.Equals(real, expected, StringComparison.OrdinalIgnoreCase))
                failure = $"file md5 not match, expected:{expected} real:{real}";
        }
        _uploader.Finish(TaskFileName, registered.TaskId, Cid, node);
        return Result(failure is null, failure, 0, clock, registered, stats);
    }

    /// <summary>The task's whole-file md5 as the supernode's copy measured it (<c>realMd5</c> of its TaskInfo).</summary>
    private static async Task<string> TaskMd5Async(SupernodeNode node, string taskId, CancellationToken ct)
    {
        var info = await RestApi.SendAsync(node, HttpMethod.Get, $"/api/v1/tasks/{taskId}", null, ct, times: null);
        return info.Status == 200 && info.Body.TryGetProperty("realMd5", out var md5) ? md5.GetString() ?? "" : "";
    }

    /// <summary>Graceful stop of this peer's own uploader (a shared uploader is left to its owner).</summary>
    public Task StopAsync(CancellationToken ct = default) => _ownsUploader ? _uploader.StopAsync(ct) : Task.CompletedTask;

    /// <summary>This peer's own uploader disappears abruptly, without <c>/peer/service/down</c>.</summary>
    public Task VanishAsync() => _ownsUploader ? _uploader.VanishAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync();

    private string RegisterBody(SupernodeNode node) => new GoJsonObject()
        .String("superNodeIp", node.Host)
        .String("rawUrl", _options.Url)
        .String("taskUrl", FilterUrl(_options.Url, _options.Filter))
        .String("cid", Cid)
        .String("ip", _options.Ip)
        .String("hostName", _options.HostName)
        .Number("port", Port)
        .String("path", FilePath)
        .String("version", Version)
        .StringOmitEmpty("md5", _options.Md5)
        .StringOmitEmpty("identifier", string.IsNullOrEmpty(_options.Md5) ? _options.Identifier : null)
        .StringOmitEmpty("callSystem", _options.CallSystem)
        .StringsOmitEmpty("headers", _options.Headers)
        .String("pattern", "p2p")
        .ToString();

    /// <summary>dfget's FilterURLParam: drops the query parameters whose key is in <paramref name="filter"/>.</summary>
    private static string FilterUrl(string url, IReadOnlyList<string> filter)
    {
        var parts = url.Split('?', 2);
        if (filter.Count == 0 || parts.Length != 2 || parts[1].Trim().Length == 0) return url;
        var kept = parts[1].Split('&').Where(p => !filter.Contains(p.Split('=', 2)[0])).ToList();
        return kept.Count > 0 ? parts[0] + "?" + string.Join('&', kept) : parts[0];
    }

    private async Task<string> FileMd5Async(CancellationToken ct)
    {
        await using var stream = new FileStream(OutputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, ct));
    }

    private DownloadResult Result(bool success, string? reason, int backSource, Stopwatch clock, RegisterResult? registered = null, DownloadStats? stats = null)
    {
        var pieces = stats?.Pieces ?? [];
        return new DownloadResult
        {
            Success = success,
            Reason = reason,
            BackSourceReason = backSource,
            Cid = Cid,
            TaskId = registered?.TaskId,
            OutputPath = OutputPath,
            FileLength = registered?.FileLength ?? 0,
            Duration = clock.Elapsed,
            BytesFromSupernode = pieces.Where(p => p.FromSupernode).Sum(p => p.Bytes),
            BytesFromPeers = pieces.Where(p => !p.FromSupernode).Sum(p => p.Bytes),
            Waits = stats?.Waits ?? 0,
            Migrations = stats?.Migrations ?? 0,
            PieceFailures = stats?.PieceFailures ?? 0,
            PieceErrorsReported = stats?.PieceErrorsReported ?? 0,
            Pieces = pieces,
            FailedPieces = stats?.Failed ?? [],
            Calls = stats?.Calls.Count ?? 0,
            SlowestCall = stats?.Calls.Slowest.Elapsed ?? TimeSpan.Zero,
            SlowestCallWas = stats?.Calls.Slowest.Call ?? "",
            Registered = stats?.Registered ?? TimeSpan.Zero,
            BackOff = stats?.BackOff ?? TimeSpan.Zero,
            Timings = stats?.Timings ?? [],
        };
    }
}
