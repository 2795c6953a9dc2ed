using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator.Client;

/// <summary>A client of the REST protocol registered: its peer id and its task.</summary>
internal sealed record RestRegistration(string PeerId, RegisterResult Task);

/// <summary>
/// A client of the REST protocol of the API documents: registers as a peer (<c>POST /api/v1/peers</c>), creates its task
/// (<c>POST /api/v1/tasks</c>), then pulls pieces (<c>GET …/pieces?num=</c>), fetches each as dfget does, and reports it
/// (<c>PUT …/pieces/{range}</c>; a bad one also with <c>POST …/error</c>). An empty pull means nothing to fetch now: it
/// asks again after a short pause. Once it has every piece it tells the supernode it finished (<c>PUT /api/v1/tasks/{id}</c>).
/// One supernode address, no retry of a failed call.
/// </summary>
internal sealed class RestDownload(string cid, PeerOptions options, SupernodeNode node, SafeFileHandle file, DownloadStats stats)
{
    /// <summary>Pieces the client runs at once, the supernode's limit per client.</summary>
    private const int Parallel = 4;

    private static readonly TimeSpan EmptyPullPause = TimeSpan.FromMilliseconds(100);

    private readonly PieceFetcher _fetcher = new(options, file, new RateLimiter(options.LocalLimit));

    public static async Task<RestRegistration> RegisterAsync(PeerOptions options, SupernodeNode node, string cid, int port, string path,
        CallTimes times, CancellationToken ct)
    {
        var peer = await RestApi.SendAsync(node, HttpMethod.Post, "/api/v1/peers", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["IP"] = options.Ip, ["hostName"] = options.HostName, ["port"] = port, ["version"] = "rest-1",
        }), ct, times);
        if (peer.Status != 201) throw new RegisterFailedException(peer.Status, $"POST /api/v1/peers {peer.Status}: {peer.Text}");
        var peerId = peer.Body.GetProperty("ID").GetString()!;

        var create = new Dictionary<string, object> { ["cID"] = cid, ["peerID"] = peerId, ["path"] = path, ["rawURL"] = options.Url };
        if (options.Filter.Count > 0) create["filter"] = options.Filter;
        if (!string.IsNullOrEmpty(options.Md5)) create["md5"] = options.Md5;
        else if (!string.IsNullOrEmpty(options.Identifier)) create["identifier"] = options.Identifier;
        if (!string.IsNullOrEmpty(options.CallSystem)) create["callSystem"] = options.CallSystem;
        if (options.Headers.Count > 0) create["headers"] = options.Headers.Select(h => h.Split(':', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        if (options.ContentDigest is { } digest) create["taskId"] = digest;
        if (options.DeclaredLength is { } length) create["fileLength"] = length;
        var task = await RestApi.SendAsync(node, HttpMethod.Post, "/api/v1/tasks", JsonSerializer.Serialize(create), ct, times);
        if (task.Status != 201) throw new RegisterFailedException(task.Status, $"POST /api/v1/tasks {task.Status}: {task.Text}");
        return new RestRegistration(peerId, new RegisterResult(node, task.Body.GetProperty("ID").GetString()!,
            task.Body.GetProperty("fileLength").GetInt64(), task.Body.GetProperty("pieceSize").GetInt32(), task.Body.GetProperty("cdnSource").GetString()!));
    }

    /// <summary>Pulls and fetches until every piece is in; a failed call ends the download (<see cref="P2PFailedException"/>).</summary>
    public async Task RunAsync(RestRegistration registration, CancellationToken run)
    {
        var (taskId, length, pieceSize) = (registration.Task.TaskId, registration.Task.FileLength, registration.Task.PieceSize);
        if (length < 0) throw new P2PFailedException("a task of unknown length is not simulated for the REST protocol");
        var content = pieceSize - PieceWrapper.Overhead;
        var total = length == 0 ? 1 : (int)((length + content - 1) / content);
        var have = new bool[total];
        var haveCount = 0;
        var running = new Dictionary<int, Task<bool>>();
        var status = "STARTED";
        while (haveCount < total)
        {
            if (running.Count == Parallel)
            {
                await Settle(await Task.WhenAny(running.Values));
                continue;
            }
            var pull = await RestApi.SendAsync(node, HttpMethod.Get,
                $"/api/v1/tasks/{taskId}/pieces?clientID={Uri.EscapeDataString(cid)}&num={Parallel - running.Count}&dfgetTaskStatus={status}",
                null, run, stats.Calls);
            if (pull.Status != 200 || pull.Body.ValueKind != JsonValueKind.Array)
                throw new P2PFailedException($"pull answered {pull.Status}: {pull.Text}");
            status = "RUNNING";
            var started = 0;
            foreach (var piece in pull.Body.EnumerateArray().Select(PieceOf))
            {
                if (piece.PieceNum >= total || have[piece.PieceNum] || running.ContainsKey(piece.PieceNum)) continue;
                running[piece.PieceNum] = RunPieceAsync(taskId, piece, run);
                started++;
            }
            if (started > 0) continue;
            stats.CountWait();
            // Nothing to fetch now: ask again shortly, or as soon as a piece of ours settles.
            var pause = Task.Delay(EmptyPullPause, run);
            if (await Task.WhenAny([pause, .. running.Values]) is Task<bool> settled) await Settle(settled);
            else await pause;
        }
        await Task.WhenAll(running.Values);
        await RestApi.SendAsync(node, HttpMethod.Put, $"/api/v1/tasks/{taskId}", JsonSerializer.Serialize(new { peerID = registration.PeerId }), run, stats.Calls);

        async Task Settle(Task<bool> done)
        {
            var piece = running.Single(r => r.Value == done).Key;
            running.Remove(piece);
            if (!await done || have[piece]) return;
            have[piece] = true;
            haveCount++;
        }
    }

    /// <summary>One piece: fetched, then reported (true when it arrived whole).</summary>
    private async Task<bool> RunPieceAsync(string taskId, PieceTask piece, CancellationToken run)
    {
        await Task.Yield();
        PieceFailedException? failure = null;
        try
        {
            var bytes = await _fetcher.FetchAsync(piece, run);
            stats.Received(new ReceivedPiece(piece.PieceNum, piece.Range, piece.Cid, bytes));
        }
        catch (PieceFailedException e)
        {
            failure = e;
            stats.CountPieceFailure(new FailedPiece(piece.PieceNum, piece.Cid, e.Message));
        }
        if (failure?.Error is { } error)
        {
            stats.CountPieceErrorReported();
            await RestApi.SendAsync(node, HttpMethod.Post, $"/api/v1/tasks/{taskId}/pieces/{piece.Range}/error", JsonSerializer.Serialize(new
            {
                dstIP = error.DstIp, dstPid = piece.Cid, errorType = error.ErrorType, expectedMd5 = error.ExpectedMd5, range = piece.Range,
                realMd5 = error.RealMd5, srcCid = cid, taskId,
            }), run, stats.Calls);
        }
        var report = await RestApi.SendAsync(node, HttpMethod.Put, $"/api/v1/tasks/{taskId}/pieces/{piece.Range}",
            JsonSerializer.Serialize(new { clientID = cid, dstPID = piece.Cid, pieceStatus = failure is null ? "SUCCESS" : "FAILED" }), run, stats.Calls);
        if (report.Status != 200) throw new P2PFailedException($"piece report answered {report.Status}: {report.Text}");
        return failure is null;
    }

    private static PieceTask PieceOf(JsonElement e)
    {
        var range = e.GetProperty("pieceRange").GetString()!;
        var size = e.GetProperty("pieceSize").GetInt32();
        var start = long.Parse(range.Split('-')[0], CultureInfo.InvariantCulture);
        return new PieceTask(range, (int)(start / size), size, e.GetProperty("pieceMD5").GetString()!, e.GetProperty("pID").GetString()!,
            e.GetProperty("peerIP").GetString()!, e.GetProperty("peerPort").GetInt32(), e.GetProperty("path").GetString()!);
    }
}
