using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

/// <summary>Bad piece sources: what dfget reports, what it pulls next, and that the piece is fetched again.</summary>
public sealed class PieceErrorTests : IDisposable
{
    private const int PieceSize = 16 * 1024;
    private const string BadCid = "127.0.0.1-7-1795352912.224";
    private const string BadName = "bad.bin-7-1795352912.224";
    private readonly TempDir _dir = new("peersim-errors");
    private readonly byte[] _content = SeededContent.Bytes(3 * (PieceSize - 5) - 10, seed: 21);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Corrupt_piece_is_reported_as_md5_mismatch_pulled_as_failed_and_fetched_again()
    {
        await using var bad = await StartSourceAsync(new UploadFaults(ServeFault.Corrupt, new HashSet<int> { 0 }));
        var (mini, sn) = await StartSupernodeAsync(bad);
        await using var _ = sn;
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(_content, await File.ReadAllBytesAsync(peer.OutputPath));
        var corrupted = Wrapping.Piece(_content, 0, PieceSize);
        corrupted[4] ^= 0xFF;
        var expectedMd5 = Wrapping.PieceMd5(_content, 0, PieceSize).Split(':')[0];
        var r0 = Wrapping.Range(0, PieceSize);
        var error = Assert.Single(sn.Api("/peer/piece/error"));
        Assert.Equal(
            $"errorType=FILE_MD5_NOT_MATCH&srcCid={peer.Cid}&dstCid={BadCid}&dstIp=127.0.0.1&taskId={mini.TaskId}&range={r0}&realMd5={Wrapping.Md5(corrupted)}&expectedMd5={expectedMd5}",
            error.Query);
        Assert.Equal("fasthttp", error.Header("User-Agent"));
        AssertFailedPull(sn, peer, mini, r0);
        Assert.Equal((1, 1), (result.PieceFailures, result.PieceErrorsReported));
        Assert.Equal(mini.CdnCid, result.Pieces.Single(p => p.PieceNum == 0).SourceCid);
    }

    [Fact]
    public async Task Missing_file_is_reported_as_file_not_exist_with_only_the_ids()
    {
        await using var bad = await StartSourceAsync(new UploadFaults(ServeFault.NotFound, new HashSet<int> { 0 }));
        var (mini, sn) = await StartSupernodeAsync(bad);
        await using var _ = sn;
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        var error = Assert.Single(sn.Api("/peer/piece/error"));
        Assert.Equal($"errorType=FILE_NOT_EXIST&srcCid={peer.Cid}&dstCid={BadCid}&dstIp=&taskId={mini.TaskId}&range=&realMd5=&expectedMd5=", error.Query);
        AssertFailedPull(sn, peer, mini, Wrapping.Range(0, PieceSize));
        Assert.Equal((1, 1), (result.PieceFailures, result.PieceErrorsReported));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reset_connection_or_vanished_uploader_fails_the_piece_without_a_report(bool vanished)
    {
        await using var bad = await StartSourceAsync(vanished ? UploadFaults.None : new UploadFaults(ServeFault.Reset));
        if (vanished) await bad.VanishAsync();
        var (mini, sn) = await StartSupernodeAsync(bad);
        await using var _ = sn;
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Empty(sn.Api("/peer/piece/error"));
        AssertFailedPull(sn, peer, mini, Wrapping.Range(0, PieceSize));
        Assert.Equal((1, 0), (result.PieceFailures, result.PieceErrorsReported));
        Assert.All(result.Pieces, p => Assert.True(p.FromSupernode));
    }

    private async Task<Uploader> StartSourceAsync(UploadFaults faults)
    {
        var uploader = await Uploader.StartAsync();
        await File.WriteAllBytesAsync(_dir.Combine(BadName), _content);
        uploader.Serve(BadName, _dir.Combine(BadName), faults);
        return uploader;
    }

    /// <summary>Piece 0 is first offered by the faulty uploader, everything else (and piece 0 again) by the supernode.</summary>
    private async Task<(MiniSupernode, ScriptedSupernode)> StartSupernodeAsync(Uploader bad)
    {
        var mini = new MiniSupernode(_content, PieceSize)
        {
            SourceOf = (n, k) => n == 0 && k == 0 ? new PieceSource(BadCid, bad.Ip, bad.Port, "/peer/file/" + BadName) : null,
        };
        return (mini, await Harness.StartAsync(mini));
    }

    private static void AssertFailedPull(ScriptedSupernode sn, SimulatedPeer peer, MiniSupernode mini, string range) =>
        Assert.Single(sn.Api("/peer/task"), p => p.Query == $"srcCid={peer.Cid}&dstCid={BadCid}&range={range}&result=500&status=701&taskId={mini.TaskId}");
}
