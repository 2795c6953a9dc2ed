using System.Net;
using System.Net.Sockets;
using System.Text;
using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

public sealed class UploaderTests : IAsyncLifetime
{
    private const int FourMiB = 4 * 1024 * 1024;
    private readonly TempDir _dir = new("peersim-uploader");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
    private Uploader _uploader = null!;

    public async Task InitializeAsync() => _uploader = await Uploader.StartAsync();

    public async Task DisposeAsync()
    {
        await _uploader.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Listens_on_loopback_in_the_port_range_the_supernode_accepts()
    {
        Assert.Equal("127.0.0.1", _uploader.Ip);
        Assert.InRange(_uploader.Port, 15000, 65000);
        await Assert.ThrowsAsync<ArgumentException>(() => Uploader.StartAsync("10.0.0.1"));
    }

    [Fact]
    public async Task Serves_every_piece_rewrapped_byte_for_byte_without_content_range()
    {
        var content = SeededContent.Bytes(10_000_000, seed: 1); // 3 pieces of 4 MiB, the last one short
        var task = Serve("big.bin-1-1.000", content);

        long total = 0;
        for (var n = 0; n < 3; n++)
        {
            using var response = await GetPieceAsync("big.bin-1-1.000", n, FourMiB);
            var body = await response.Content.ReadAsByteArrayAsync();
            var expected = Wrapping.Piece(content, n, FourMiB);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(expected.Length, response.Content.Headers.ContentLength);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.ToString());
            Assert.Null(response.Content.Headers.ContentRange);
            Assert.True(expected.AsSpan().SequenceEqual(body), $"piece {n} differs");
            total += body.Length;
        }

        // docs/protocol.md: a full 4 MiB piece starts 04 3f ff fb.
        using var first = await GetPieceAsync("big.bin-1-1.000", 0, FourMiB);
        Assert.Equal(new byte[] { 0x04, 0x3f, 0xff, 0xfb }, (await first.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(4, task.ServedPieces);
        Assert.Equal(total + FourMiB, task.ServedBytes);
    }

    [Theory]
    [InlineData("hello Dragonfly", "0400000f68656c6c6f20447261676f6e666c797f", "8f95b369fc1f8d38262bb1b42d1ac87c")]
    [InlineData("", "040000007f", "d6991051769098273e82477afd2bb93e")]
    public async Task Matches_the_cdn_spec_test_vectors(string text, string wrappedHex, string pieceMd5)
    {
        Serve("v.bin-1-1.000", Encoding.ASCII.GetBytes(text));
        using var response = await GetPieceAsync("v.bin-1-1.000", 0, FourMiB);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(wrappedHex, Convert.ToHexStringLower(body));
        Assert.Equal(pieceMd5, Wrapping.Md5(body));
    }

    [Theory]
    [InlineData(null, "4194304", "bytes=0-4194303")]
    [InlineData("0", null, "bytes=0-4194303")]
    [InlineData("0", "4194304", null)]
    [InlineData("x", "4194304", "bytes=0-4194303")]
    [InlineData("0", "4194304", "bytes=5-5")]
    [InlineData("0", "4194304", "bytes=0-")]
    [InlineData("0", "4194304", "0-4194303")]
    public async Task Requires_piece_headers_and_a_valid_range(string? pieceNum, string? pieceSize, string? range)
    {
        Serve("h.bin-1-1.000", SeededContent.Bytes(100, seed: 2));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_uploader.Port}/peer/file/h.bin-1-1.000");
        if (pieceNum is not null) request.Headers.TryAddWithoutValidation("Piecenum", pieceNum);
        if (pieceSize is not null) request.Headers.TryAddWithoutValidation("Piecesize", pieceSize);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_name_is_500_missing_file_404_and_range_beyond_the_file_416()
    {
        using (var unknown = await GetPieceAsync("never-announced", 0, FourMiB))
            Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);

        var task = Serve("gone.bin-1-1.000", SeededContent.Bytes(100, seed: 3));
        File.Delete(task.FilePath);
        using (var gone = await GetPieceAsync("gone.bin-1-1.000", 0, FourMiB))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        Serve("small.bin-1-1.000", SeededContent.Bytes(100, seed: 4));
        using (var beyond = await GetPieceAsync("small.bin-1-1.000", 2, FourMiB))
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal(0, task.ServedPieces);
    }

    [Fact]
    public async Task Tolerates_bare_connect_close_probes_and_aborted_requests()
    {
        var content = SeededContent.Bytes(1000, seed: 5);
        Serve("p.bin-1-1.000", content);
        for (var i = 0; i < 20; i++)
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await probe.ConnectAsync(IPAddress.Loopback, _uploader.Port);
        }
        using (var half = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await half.ConnectAsync(IPAddress.Loopback, _uploader.Port);
            await half.SendAsync(Encoding.ASCII.GetBytes("GET /peer/file/p.bin-1-1.000 HTTP/1.1\r\nHost: x\r\nPiece"));
        }

        using var response = await GetPieceAsync("p.bin-1-1.000", 0, FourMiB);
        Assert.Equal(Wrapping.Piece(content, 0, FourMiB), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Corrupt_fault_flips_the_first_data_byte_of_the_chosen_pieces_only()
    {
        const int pieceSize = 1024;
        var content = SeededContent.Bytes(3000, seed: 6);
        Serve("c.bin-1-1.000", content, new UploadFaults(ServeFault.Corrupt, new HashSet<int> { 1 }));

        for (var n = 0; n < 3; n++)
        {
            using var response = await GetPieceAsync("c.bin-1-1.000", n, pieceSize);
            var body = await response.Content.ReadAsByteArrayAsync();
            var expected = Wrapping.Piece(content, n, pieceSize);
            if (n == 1) expected[4] ^= 0xFF;
            Assert.Equal(expected, body);
        }
    }

    [Fact]
    public async Task NotFound_fault_answers_404_and_reset_fault_cuts_the_connection()
    {
        var content = SeededContent.Bytes(100, seed: 7);
        Serve("nf.bin-1-1.000", content, new UploadFaults(ServeFault.NotFound));
        Serve("rs.bin-1-1.000", content, new UploadFaults(ServeFault.Reset));

        using (var notFound = await GetPieceAsync("nf.bin-1-1.000", 0, FourMiB))
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => GetPieceAsync("rs.bin-1-1.000", 0, FourMiB));
    }

    [Fact]
    public async Task Vanishing_after_n_pieces_closes_the_port_and_stopping_twice_is_harmless()
    {
        Serve("v.bin-1-1.000", SeededContent.Bytes(100, seed: 8), new UploadFaults(VanishAfterPieces: 1));
        using (var served = await GetPieceAsync("v.bin-1-1.000", 0, FourMiB))
            Assert.Equal(HttpStatusCode.PartialContent, served.StatusCode);

        await Harness.EventuallyAsync(() => !_uploader.IsRunning, "uploader vanished");
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, _uploader.Port));
        await _uploader.VanishAsync();
        await _uploader.StopAsync();
    }

    private ServedTask Serve(string name, byte[] content, UploadFaults? faults = null)
    {
        var path = _dir.Combine(name);
        File.WriteAllBytes(path, content);
        return _uploader.Serve(name, path, faults);
    }

    private async Task<HttpResponseMessage> GetPieceAsync(string name, int pieceNum, int pieceSize)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_uploader.Port}/peer/file/{name}");
        request.Headers.TryAddWithoutValidation("User-Agent", "dfget/1.0.6");
        request.Headers.TryAddWithoutValidation("Piecenum", pieceNum.ToString());
        request.Headers.TryAddWithoutValidation("Piecesize", pieceSize.ToString());
        request.Headers.TryAddWithoutValidation("Range", "bytes=" + Wrapping.Range(pieceNum, pieceSize));
        var response = await _http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
