using System.Text.RegularExpressions;
using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

/// <summary>The whole dfget loop against a scripted supernode, checked request by request.</summary>
public sealed class DownloadLoopTests : IDisposable
{
    private const int PieceSize = 64 * 1024;
    private const int Data = PieceSize - 5;
    private readonly TempDir _dir = new("peersim-loop");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Register_wait_pieces_from_supernode_and_peer_finish_metrics_and_service_down_match_dfget()
    {
        var content = SeededContent.Bytes(2 * Data + 1000, seed: 11);
        await using var seed = await Uploader.StartAsync();
        const string seedCid = "127.0.0.1-1-1795352620.153";
        const string seedName = "seed.bin-1-1795352620.153";
        File.WriteAllBytes(_dir.Combine(seedName), content);
        var seedTask = seed.Serve(seedName, _dir.Combine(seedName));

        var mini = new MiniSupernode(content, PieceSize)
        {
            InitialWaits = 3,
            SourceOf = (n, k) => n == 1 && k == 0 ? new PieceSource(seedCid, "127.0.0.1", seed.Port, "/peer/file/" + seedName) : null,
        };
        await using var sn = await Harness.StartAsync(mini);
        var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));
        var t = mini.TaskId;

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(content, await File.ReadAllBytesAsync(peer.OutputPath));

        // Registration: fasthttp, verbatim content type, Go field order.
        var register = Assert.Single(sn.Api("/peer/registry"));
        Assert.Equal("POST", register.Method);
        Assert.Equal("fasthttp", register.Header("User-Agent"));
        Assert.Equal("application/json;charset=utf-8", register.Header("Content-Type"));
        Assert.Equal(["Content-Length", "Content-Type", "Host", "User-Agent"], register.Headers.Keys.Order());
        Assert.Equal(
            $$"""{"superNodeIp":"127.0.0.1","rawUrl":"{{Harness.Url}}","taskUrl":"{{Harness.Url}}","cid":"{{peer.Cid}}","ip":"127.0.0.1","hostName":"sim-host","port":{{peer.Port}},"path":"/peer/file/{{peer.TaskFileName}}","version":"1.0.6","pattern":"p2p"}""",
            register.Body);
        Assert.Matches(@"^127\.0\.0\.1-\d+-\d+\.\d{3}$", peer.Cid);
        Assert.Equal($"out.bin-{peer.Sign}", peer.TaskFileName);

        // Three 602s then the 601, all with the "started" parameters, backing off 50-100, 100-200, 200-400 ms.
        var pulls = sn.Api("/peer/task");
        Assert.All(pulls, p => Assert.Equal("fasthttp", p.Header("User-Agent")));
        Assert.All(sn.Requests.Where(r => r.Method == "GET" && !r.Path.StartsWith("/download/")),
            r => Assert.Equal(["Host", "User-Agent"], r.Headers.Keys.Order()));
        for (var i = 0; i < 4; i++)
            Assert.Equal($"srcCid={peer.Cid}&dstCid=&range=&result=502&status=700&taskId={t}", pulls[i].Query);
        for (var i = 1; i < 4; i++)
        {
            var gap = (pulls[i].At - pulls[i - 1].At).TotalMilliseconds;
            var min = 50 << (i - 1);
            Assert.True(gap >= min - 5 && gap < 2 * min + 500, $"gap {i}: {gap} ms; all: {string.Join(", ", pulls.Select(x => x.At.TotalMilliseconds))}");
        }

        // Pieces 0 and 2 from the supernode's download port, piece 1 from the seed's uploader, each after a probe.
        var downloads = sn.Requests.Where(r => r.Path.StartsWith("/download/")).ToList();
        Assert.Equal(2, downloads.Count);
        foreach (var d in downloads)
        {
            Assert.Equal($"/download/{t[..3]}/{t}", d.Path);
            Assert.Equal("dfget/1.0.6", d.Header("User-Agent"));
            Assert.Equal(PieceSize.ToString(), d.Header("Piecesize"));
            Assert.Equal($"bytes={Wrapping.Range(int.Parse(d.Header("Piecenum")!), PieceSize)}", d.Header("Range"));
            Assert.Equal(["Host", "Piecenum", "Piecesize", "Range", "User-Agent"], d.Headers.Keys.Order());
        }
        Assert.Equal(["0", "2"], downloads.Select(d => d.Header("Piecenum")!).Order());
        Assert.Equal(1, seedTask.ServedPieces);
        await Harness.EventuallyAsync(() => sn.BareConnections >= 2, "a bare TCP probe before each piece from the supernode");

        // One report per piece, naming where it came from; each 503 pull carries a received piece.
        var sources = new[] { (mini.CdnCid, 0), (seedCid, 1), (mini.CdnCid, 2) }
            .Select(s => (Cid: s.Item1, Range: Wrapping.Range(s.Item2, PieceSize))).ToHashSet();
        var reports = sn.Api("/peer/piece/suc");
        Assert.Equal(3, reports.Count);
        Assert.Equal(sources, reports.Select(r => (r.Param("dstCid")!, r.Param("pieceRange")!)).ToHashSet());
        Assert.All(reports, r => Assert.Equal($"taskId={t}&cid={peer.Cid}&dstCid={r.Param("dstCid")}&pieceRange={r.Param("pieceRange")}", r.Query));
        var semiSuccess = pulls.Where(p => p.Param("result") == "503").ToList();
        Assert.NotEmpty(semiSuccess);
        Assert.All(semiSuccess, p =>
        {
            Assert.Contains((p.Param("dstCid")!, p.Param("range")!), sources);
            Assert.Equal($"srcCid={peer.Cid}&dstCid={p.Param("dstCid")}&range={p.Param("range")}&result=503&status=701&taskId={t}", p.Query);
        });

        // Metrics twice, in the captured shape.
        var metrics = sn.Api("/task/metrics");
        Assert.Equal(2, metrics.Count);
        Assert.Equal(metrics[0].Body, metrics[1].Body);
        Assert.Equal("application/json;charset=utf-8", metrics[0].Header("Content-Type"));
        Assert.Matches(
            $$"""^\{"IP":"127\.0\.0\.1","backsourceReason":"0","cID":"{{Regex.Escape(peer.Cid)}}","duration":\d+\.\d+,"fileLength":{{content.Length}},"port":{{peer.Port}},"success":true,"taskId":"{{t}}"\}$""",
            metrics[0].Body);

        Assert.Equal(Data + 1000, result.BytesFromSupernode);
        Assert.Equal(Data, result.BytesFromPeers);
        Assert.Equal(3, result.Pieces.Count);
        Assert.Equal((1, seedCid), result.Pieces.Where(p => !p.FromSupernode).Select(p => (p.PieceNum, p.SourceCid)).Single());
        Assert.True(result.Waits >= 3);
        Assert.Equal((0, 0, 0), (result.Migrations, result.PieceFailures, result.PieceErrorsReported));
        Assert.Equal(t, result.TaskId);

        // Graceful stop: the uploader announces the finished task.
        Assert.Empty(sn.Api("/peer/service/down"));
        await peer.StopAsync();
        var down = Assert.Single(sn.Api("/peer/service/down"));
        Assert.Equal($"taskId={t}&cid={peer.Cid}", down.Query);
        Assert.Equal(612, peer.ServiceDownCode);
    }

    [Fact]
    public async Task Wait_backoff_doubles_up_to_800_1600_ms()
    {
        var content = SeededContent.Bytes(100, seed: 12);
        var mini = new MiniSupernode(content, PieceSize) { InitialWaits = 6 };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(6, result.Waits);
        var at = sn.Api("/peer/task").Take(7).Select(p => p.At.TotalMilliseconds).ToList();
        int[] minimums = [50, 100, 200, 400, 800, 800];
        for (var i = 0; i < 6; i++) Assert.InRange(at[i + 1] - at[i], minimums[i] - 5, 2 * minimums[i] + 500);
    }

    [Fact]
    public async Task Each_piece_is_timed_from_the_pull_that_assigned_it_to_its_report_and_the_back_off_is_counted()
    {
        var content = SeededContent.Bytes(3 * Data, seed: 14);
        var mini = new MiniSupernode(content, PieceSize) { InitialWaits = 3 };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal([0, 1, 2], result.Timings.Select(t => t.PieceNum).Order());
        Assert.All(result.Timings, t =>
        {
            Assert.True(result.Registered.TotalMilliseconds <= t.PulledMs, $"{result.Registered} {t}");
            Assert.True(t.PulledMs <= t.AssignedMs && t.AssignedMs <= t.FetchStartedMs && t.FetchStartedMs <= t.FetchedMs && t.FetchedMs <= t.ReportedMs, $"{t}");
            Assert.True(t.FromSupernode);
        });
        Assert.True(result.Registered > TimeSpan.Zero);
        // Three 602s: asleep 50-100, 100-200 and 200-400 ms, nothing cut them short.
        Assert.True(result.BackOff >= TimeSpan.FromMilliseconds(340), $"{result.BackOff}");
        Assert.InRange(result.IdleShare, 0, 1);
        Assert.True(result.IdleShare > 0.3, $"idle {result.IdleShare:P0}: the back-off alone is most of the span");
    }

    [Fact]
    public async Task A_piece_report_cuts_the_wait_short()
    {
        var content = SeededContent.Bytes(2 * Data, seed: 14);
        // Four waits push the back-off to [800,1600) ms; then piece 1 takes 1.2 s while the client keeps getting 602.
        var mini = new MiniSupernode(content, PieceSize) { InitialWaits = 4 };
        await using var sn = await Harness.StartAsync(mini);
        sn.CdnDelay = n => n == 1 ? TimeSpan.FromMilliseconds(1200) : TimeSpan.Zero;
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        var report = sn.Api("/peer/piece/suc").Single(r => r.Param("pieceRange") == Wrapping.Range(1, PieceSize));
        var next = sn.Api("/peer/task").First(p => p.At > report.At);
        Assert.True((next.At - report.At).TotalMilliseconds < 300, $"pulled {(next.At - report.At).TotalMilliseconds} ms after the report");
    }

    [Fact]
    public async Task A_range_it_already_holds_is_answered_with_a_503_pull_and_a_report_without_downloading()
    {
        var content = SeededContent.Bytes(2 * Data, seed: 13);
        var mini = new MiniSupernode(content, PieceSize) { PiecesPerAnswer = 1 };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));
        const string otherCid = "127.0.0.1-9-1795352699.000";
        var other = new PieceSource(otherCid, "127.0.0.1", FreePort.Next(), "/peer/file/other.bin-9-1795352699.000");
        var fired = 0;
        mini.Intercept = r => r.Path == "/peer/task" && mini.Holds(peer.Cid, 0) && Interlocked.Exchange(ref fired, 1) == 0
            ? Reply.Json($$"""{"code":601,"data":[{{mini.Item(0, other)}}]}""")
            : null;

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        var r0 = Wrapping.Range(0, PieceSize);
        Assert.Contains(sn.Api("/peer/task"), p => p.Query == $"srcCid={peer.Cid}&dstCid={otherCid}&range={r0}&result=503&status=701&taskId={mini.TaskId}");
        Assert.Contains(sn.Api("/peer/piece/suc"), p => p.Query == $"taskId={mini.TaskId}&cid={peer.Cid}&dstCid={otherCid}&pieceRange={r0}");
        Assert.Equal(2, result.Pieces.Count);
        Assert.Equal(0, result.PieceFailures);
    }

    [Fact]
    public async Task Zero_byte_file_downloads_one_empty_piece_and_omits_the_length_from_metrics()
    {
        const int fourMiB = 4 * 1024 * 1024;
        var mini = new MiniSupernode([], fourMiB);
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(0, new FileInfo(peer.OutputPath).Length);
        Assert.Contains("\"pieceMd5\":\"d6991051769098273e82477afd2bb93e:5\"", mini.Item(0));
        Assert.Equal("0-4194303", sn.Api("/peer/piece/suc").Single().Param("pieceRange"));
        Assert.Equal(0, result.BytesFromSupernode);
        Assert.DoesNotContain("fileLength", sn.Api("/task/metrics")[0].Body);
    }
}
