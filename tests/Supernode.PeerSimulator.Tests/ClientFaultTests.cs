using System.Net;
using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

/// <summary>Downloads that end badly on the client side: wrong file md5, a stall, a client killed mid-download.</summary>
public sealed class ClientFaultTests : IDisposable
{
    private const int PieceSize = 16 * 1024;
    private readonly TempDir _dir = new("peersim-faults");
    private readonly byte[] _content = SeededContent.Bytes(3 * (PieceSize - 5), seed: 41);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Whole_file_md5_mismatch_fails_and_the_metrics_say_so()
    {
        var mini = new MiniSupernode(_content, PieceSize) { FinishMd5 = new string('0', 32) };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.Contains("md5 not match", result.Reason);
        Assert.Equal(1000, result.BackSourceReason);
        var metrics = sn.Api("/task/metrics");
        Assert.Equal(2, metrics.Count);
        Assert.Contains("\"backsourceReason\":\"1000\"", metrics[0].Body);
        Assert.DoesNotContain("success", metrics[0].Body); // false is omitted, as Go's omitempty does
    }

    [Fact]
    public async Task User_md5_wins_over_the_finish_answer()
    {
        var mini = new MiniSupernode(_content, PieceSize) { FinishMd5 = new string('0', 32) };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn) with { Md5 = Wrapping.Md5(_content) });

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task An_empty_601_with_nothing_in_flight_stalls_until_the_overall_timeout()
    {
        var mini = new MiniSupernode(_content, PieceSize) { Intercept = r => r.Path == "/peer/task" ? Reply.Json("""{"code":601,"data":[]}""") : null };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn) with { Timeout = TimeSpan.FromSeconds(1.5) });

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.StartsWith("download timeout", result.Reason);
        Assert.Equal(1000, result.BackSourceReason);
        Assert.Single(sn.Api("/peer/task"));
        Assert.Equal(2, sn.Api("/task/metrics").Count);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_client_dying_mid_download_goes_silent_while_its_uploader_keeps_serving()
    {
        var mini = new MiniSupernode(_content, PieceSize) { PiecesPerAnswer = 1 };
        // The first report is slow: the pull sent with it fetches the next piece meanwhile, which a dead client never gets.
        mini.Intercept = r =>
        {
            if (r.Path == "/peer/piece/suc") Thread.Sleep(500);
            return null;
        };
        await using var sn = await Harness.StartAsync(mini);
        var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn) with { DieAfterPieces = 1 });

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.Contains("died", result.Reason);
        Assert.Equal(0, Assert.Single(result.Pieces).PieceNum);
        Assert.Single(sn.Api("/peer/piece/suc"));
        Assert.Empty(sn.Api("/task/metrics"));
        var requestsAtDeath = sn.Requests.Count;

        // Another peer can still fetch the received piece from the dead client's uploader.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{peer.Port}{peer.FilePath}");
        request.Headers.TryAddWithoutValidation("Piecenum", "0");
        request.Headers.TryAddWithoutValidation("Piecesize", PieceSize.ToString());
        request.Headers.TryAddWithoutValidation("Range", "bytes=" + Wrapping.Range(0, PieceSize));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Wrapping.Piece(_content, 0, PieceSize), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, peer.ServedPieces);

        // Its download never finished, so stopping the uploader announces nothing.
        await peer.StopAsync();
        Assert.Equal(requestsAtDeath, sn.Requests.Count);
    }
}
