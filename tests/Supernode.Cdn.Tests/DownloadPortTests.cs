using System.Net;
using System.Net.Sockets;
using System.Text;
using Supernode.Actors.Tasks;
using Supernode.Cdn.Serving;
using Supernode.Cdn.Tests.Serving;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

/// <summary>
/// What the download port answers, over both servers that carry it: the plain-HTTP socket server (sendfile) and
/// Kestrel (TLS).
/// </summary>
public abstract class DownloadPortTests : IAsyncLifetime
{
    private const int Ps = PieceLayout.DefaultPieceSize;
    private const string TaskId = "f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6";
    private static readonly string FilePath = $"/download/f4e/{TaskId}";
    private readonly TempDir _home = new();
    private readonly HttpClient _http = new();
    private CdnRepo _repo = null!;
    private IAsyncDisposable _server = null!;
    private string _baseUrl = "";
    private int _port;

    /// <summary>A server of the port for <paramref name="repoDir"/> on a free loopback port.</summary>
    protected abstract Task<(IAsyncDisposable Server, int Port)> StartAsync(string repoDir);

    public async Task InitializeAsync()
    {
        _repo = new CdnRepo(Path.Combine(_home.Path, "repo"));
        _repo.EnsureTaskDir(TaskId);
        (_server, _port) = await StartAsync(_repo.RepoDir);
        _baseUrl = $"http://127.0.0.1:{_port}";
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _home.Dispose();
    }

    /// <summary>A CDN file of two full pieces and a short last one (1000 content bytes).</summary>
    private byte[] WriteThreePieceFile()
    {
        var content = SeededContent.Bytes(2 * (Ps - 5) + 1000, 11);
        var wrapped = ExpectedWrapping.Pieces(content, Ps).SelectMany(p => p.Piece).ToArray();
        File.WriteAllBytes(_repo.DataPath(TaskId), wrapped);
        return wrapped;
    }

    private async Task<HttpResponseMessage> GetAsync(string? range, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, _baseUrl + FilePath);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Piece_request_as_dfget_sends_it_gets_206_with_the_wrapped_piece()
    {
        File.WriteAllBytes(_repo.DataPath(TaskId), PieceFormat.Wrap("hello Dragonfly"u8, Ps));
        var request = new HttpRequestMessage(HttpMethod.Get, _baseUrl + FilePath);
        request.Headers.TryAddWithoutValidation("User-Agent", "dfget/1.0.6");
        request.Headers.TryAddWithoutValidation("Piecenum", "0");
        request.Headers.TryAddWithoutValidation("Piecesize", "4194304");
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-4194303");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 0-19/20", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(20, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("0400000f68656c6c6f20447261676f6e666c797f", Convert.ToHexStringLower(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Full_and_last_short_pieces_are_served_with_the_end_clamped()
    {
        var file = WriteThreePieceFile();

        using var middle = await GetAsync($"bytes={Ps}-{2 * Ps - 1}");
        using var last = await GetAsync($"bytes={2 * Ps}-{3 * Ps - 1}");

        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal($"bytes {Ps}-{2 * Ps - 1}/{file.Length}", middle.Content.Headers.ContentRange!.ToString());
        Assert.Equal(file[Ps..(2 * Ps)], await middle.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, last.StatusCode);
        Assert.Equal($"bytes {2 * Ps}-{file.Length - 1}/{file.Length}", last.Content.Headers.ContentRange!.ToString());
        Assert.Equal(1005, last.Content.Headers.ContentLength);
        var body = await last.Content.ReadAsByteArrayAsync();
        Assert.Equal(file[(2 * Ps)..], body);
        Assert.Equal(0x7F, body[^1]);
        Assert.Equal(["bytes"], last.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Whole_file_without_range_and_open_ranges()
    {
        var file = WriteThreePieceFile();

        using var whole = await GetAsync(null);
        using var open = await GetAsync($"bytes={file.Length - 10}-");
        using var suffix = await GetAsync("bytes=-7");

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(file.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(file, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(file[^10..], await open.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes {file.Length - 7}-{file.Length - 1}/{file.Length}", suffix.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Start_past_the_end_is_416_with_the_size()
    {
        var file = WriteThreePieceFile();

        using var response = await GetAsync($"bytes={3 * Ps}-{4 * Ps - 1}");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{file.Length}", response.Content.Headers.ContentRange!.ToString());
    }

    [Theory]
    [InlineData("bytes=0-1,5-6", 200)]
    [InlineData("items=0-1", 200)]
    [InlineData("bytes=x-1", 416)]
    [InlineData("bytes=5-2", 416)]
    [InlineData("bytes=0-1;", 416)]
    public async Task Unusual_ranges_follow_nginx(string range, int status)
    {
        WriteThreePieceFile();

        using var response = await GetAsync(range);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Head_gives_the_headers_only()
    {
        var file = WriteThreePieceFile();

        using var response = await GetAsync("bytes=0-9", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Equal($"bytes 0-9/{file.Length}", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Missing_file_is_404_and_other_methods_are_refused()
    {
        using var missing = await GetAsync("bytes=0-9");
        WriteThreePieceFile();
        using var post = await _http.PostAsync(_baseUrl + FilePath, new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task A_file_still_being_written_is_served_as_far_as_it_goes()
    {
        var path = _repo.DataPath(TaskId);
        await using var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        writer.Write(new byte[100]);
        writer.Flush();

        using var early = await GetAsync($"bytes=0-{Ps - 1}");
        writer.Write(new byte[50]);
        writer.Flush();
        using var later = await GetAsync($"bytes=0-{Ps - 1}");

        Assert.Equal("bytes 0-99/100", early.Content.Headers.ContentRange!.ToString());
        Assert.Equal("bytes 0-149/150", later.Content.Headers.ContentRange!.ToString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/download/")]
    [InlineData("/download/abc/" + TaskId)]
    [InlineData("/download/f4e/" + TaskId + ".meta")]
    [InlineData("/download/f4e/" + TaskId + ".md5")]
    [InlineData("/download/f4e/" + TaskId + "/")]
    [InlineData("/download/F4E/" + TaskId)]
    [InlineData("/download/f4e%2f" + TaskId)]
    [InlineData("/download/f4e/%66" + "4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6")]
    [InlineData("/download/f4e/../f4e/" + TaskId)]
    [InlineData("/download/%2e%2e/%2e%2e/secret")]
    [InlineData("/download/..%2f..%2fsecret")]
    [InlineData("/../secret")]
    [InlineData("/secret")]
    [InlineData("/repo/download/f4e/" + TaskId)]
    public async Task Nothing_but_a_data_file_path_is_served(string target)
    {
        WriteThreePieceFile();
        File.WriteAllText(_repo.MetaPath(TaskId), "{}");
        File.WriteAllText(_repo.Md5Path(TaskId), "x");
        File.WriteAllText(Path.Combine(_home.Path, "secret"), "secret");
        File.WriteAllText(Path.Combine(_repo.RepoDir, "secret"), "secret");

        var (status, _, body) = await RawGetAsync(target);

        Assert.Equal(404, status);
        Assert.DoesNotContain("secret", body);
    }

    [Fact]
    public async Task Bare_connections_that_close_at_once_are_tolerated()
    {
        var file = WriteThreePieceFile();
        for (var i = 0; i < 25; i++)
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, _port);
        }

        var (status, headers, _) = await RawGetAsync(FilePath, "Range: bytes=0-4194303");

        Assert.Equal(206, status);
        Assert.Contains($"Content-Range: bytes 0-4194303/{file.Length}", headers);
        using var again = await GetAsync("bytes=0-4");
        Assert.Equal(file[..5], await again.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A request written byte for byte, so no client normalizes the target first.</summary>
    private async Task<(int Status, string Headers, string Body)> RawGetAsync(string target, params string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        var stream = tcp.GetStream();
        var request = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nConnection: close\r\n");
        foreach (var h in headers) request.Append(h).Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        var received = new MemoryStream();
        await stream.CopyToAsync(received);
        var text = Encoding.Latin1.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        return (int.Parse(head.Split(' ')[1]), head, split < 0 ? "" : text[(split + 4)..]);
    }
}

public sealed class DownloadPortOverKestrelTests : DownloadPortTests
{
    protected override async Task<(IAsyncDisposable Server, int Port)> StartAsync(string repoDir)
    {
        var server = await LoopbackHttpServer.StartAsync(DownloadPortHandler.For(repoDir));
        return (server, server.Port);
    }
}

public sealed class DownloadPortServerFileTests : DownloadPortTests
{
    protected override Task<(IAsyncDisposable Server, int Port)> StartAsync(string repoDir)
    {
        var server = TestDownloadPort.Start(repoDir);
        return Task.FromResult<(IAsyncDisposable, int)>((server, server.Port));
    }
}
