using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Supernode.Cdn.Serving;
using Supernode.Testing;

namespace Supernode.Cdn.Tests.Serving;

/// <summary>
/// The connections of the plain-HTTP download port: kept open, pipelined, closed when asked or idle, refused when
/// malformed or slow, stopped gracefully, throttled by the port's budget. What each request is answered is pinned by
/// <see cref="DownloadPortTests"/>, over both servers.
/// </summary>
public sealed class DownloadPortServerTests : IDisposable
{
    private const string TaskId = "f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6";
    private const string FilePath = "/download/f4e/" + TaskId;
    private readonly TempDir _home = new();
    private readonly CdnRepo _repo;
    private readonly byte[] _file = SeededContent.Bytes(3 * 1024 * 1024 + 7, 5);

    public DownloadPortServerTests()
    {
        _repo = new CdnRepo(Path.Combine(_home.Path, "repo"));
        _repo.EnsureTaskDir(TaskId);
        File.WriteAllBytes(_repo.DataPath(TaskId), _file);
    }

    public void Dispose() => _home.Dispose();

    private static string Get(string range, string extra = "") =>
        $"GET {FilePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: {range}\r\n{extra}\r\n";

    [Fact]
    public async Task One_connection_carries_requests_one_after_another_and_pipelined()
    {
        await using var server = TestDownloadPort.Start(_repo.RepoDir);
        var (answered, bytes) = (DownloadPortMetrics.Answers.WithLabels("206").Value, DownloadPortMetrics.Bytes.Value);
        using var client = await RawClient.ConnectAsync(server.Port);

        await client.SendAsync(Get("bytes=0-9"));
        var first = await client.ReadAnswerAsync();
        Assert.True(DownloadPortMetrics.Connections.Value >= 1);
        await client.SendAsync(Get("bytes=1048576-3145727") + Get("bytes=-7") + $"HEAD {FilePath} HTTP/1.1\r\nHost: a\r\n\r\n" + Get("bytes=0-0"));
        var pipelined = new[] { await client.ReadAnswerAsync(), await client.ReadAnswerAsync(), await client.ReadAnswerAsync(isHead: true), await client.ReadAnswerAsync() };

        Assert.Equal(206, first.Status);
        Assert.Equal(_file[..10], first.Body);
        Assert.Equal(206, pipelined[0].Status);
        Assert.Equal(_file[1048576..3145728], pipelined[0].Body);
        Assert.Equal(_file[^7..], pipelined[1].Body);
        Assert.Equal((200, $"{_file.Length}", 0), (pipelined[2].Status, pipelined[2].Field("Content-Length"), pipelined[2].Body.Length));
        Assert.Equal(_file[..1], pipelined[3].Body);
        Assert.All([first, .. pipelined], a => Assert.Null(a.Field("Connection")));
        Assert.NotNull(first.Field("Date"));
        // Other tests serve meanwhile: the counters grew by at least this connection's answers.
        Assert.True(DownloadPortMetrics.Answers.WithLabels("206").Value - answered >= 4);
        Assert.True(DownloadPortMetrics.Bytes.Value - bytes >= 10 + 2097152 + 7 + 1);
    }

    [Theory]
    [InlineData("GET " + FilePath + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 200)]
    [InlineData("GET " + FilePath + " HTTP/1.0\r\n\r\n", 200)]
    [InlineData("GET " + FilePath + " HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", 200)]
    [InlineData("GET " + FilePath + " HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET " + FilePath + " HTTP/3.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    public async Task The_connection_closes_after_an_answer_when_asked_or_when_the_request_is_refused(string request, int status)
    {
        await using var server = TestDownloadPort.Start(_repo.RepoDir);
        using var client = await RawClient.ConnectAsync(server.Port);

        await client.SendAsync(request);
        var answer = await client.ReadAnswerAsync();

        Assert.Equal(status, answer.Status);
        Assert.Equal("close", answer.Field("Connection"));
        Assert.Equal(status == 200 ? _file : [], answer.Body);
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task An_HTTP_1_0_client_asking_to_keep_the_connection_is_told_it_is_kept()
    {
        await using var server = TestDownloadPort.Start(_repo.RepoDir);
        using var client = await RawClient.ConnectAsync(server.Port);

        await client.SendAsync($"GET {FilePath} HTTP/1.0\r\nRange: bytes=0-1\r\nConnection: keep-alive\r\n\r\n");
        var first = await client.ReadAnswerAsync();
        await client.SendAsync(Get("bytes=2-3"));

        Assert.Equal("keep-alive", first.Field("Connection"));
        Assert.Equal(_file[2..4], (await client.ReadAnswerAsync()).Body);
    }

    [Fact]
    public async Task Heads_over_the_limits_are_414_and_431()
    {
        await using var server = TestDownloadPort.Start(_repo.RepoDir);
        using var longLine = await RawClient.ConnectAsync(server.Port);
        using var manyFields = await RawClient.ConnectAsync(server.Port);

        await longLine.SendAsync("GET /download/" + new string('a', TestDownloadPort.Limits.MaxRequestLineBytes) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        await manyFields.SendAsync($"GET {FilePath} HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: 1\r\n")) + "\r\n");

        Assert.Equal(414, (await longLine.ReadAnswerAsync()).Status);
        Assert.Equal(431, (await manyFields.ReadAnswerAsync()).Status);
    }

    [Fact]
    public async Task A_head_that_does_not_end_in_time_is_408_and_an_idle_connection_is_closed()
    {
        var limits = TestDownloadPort.Limits with { KeepAlive = TimeSpan.FromSeconds(1), HeadersWithin = TimeSpan.FromSeconds(1) };
        await using var server = TestDownloadPort.Start(_repo.RepoDir, limits);
        using var slow = await RawClient.ConnectAsync(server.Port);
        using var idle = await RawClient.ConnectAsync(server.Port);

        await slow.SendAsync($"GET {FilePath} HTTP/1.1\r\nHost: a\r\nX-Slow: ");

        Assert.Equal(408, (await slow.ReadAnswerAsync()).Status);
        Assert.True(await slow.ClosedAsync());
        Assert.True(await idle.ClosedAsync());
    }

    [Fact]
    public async Task Stopping_closes_idle_connections_at_once_and_lets_an_answer_in_progress_finish()
    {
        var budget = new ByteRateLimiter(4 * 1024 * 1024);
        var server = TestDownloadPort.Start(_repo.RepoDir, budget: budget);
        using var idle = await RawClient.ConnectAsync(server.Port);
        using var busy = await RawClient.ConnectAsync(server.Port);
        await idle.SendAsync(Get("bytes=0-0"));
        await idle.ReadAnswerAsync();
        await busy.SendAsync(Get("bytes=0-"));
        await busy.ReadHeadAsync();

        var stopping = server.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var answer = await busy.ReadBodyAsync();
        await stopping;

        Assert.True(await idle.ClosedAsync());
        Assert.Equal(_file, answer.Body);
        Assert.True(await busy.ClosedAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task The_ports_budget_paces_every_answer_together()
    {
        var budget = new ByteRateLimiter(2 * 1024 * 1024);
        await using var server = TestDownloadPort.Start(_repo.RepoDir, budget: budget);
        using var a = await RawClient.ConnectAsync(server.Port);
        using var b = await RawClient.ConnectAsync(server.Port);
        var clock = Stopwatch.StartNew();

        await a.SendAsync(Get("bytes=0-1048575"));
        await b.SendAsync(Get("bytes=1048576-2097151"));
        var answers = await Task.WhenAll(a.ReadAnswerAsync(), b.ReadAnswerAsync());

        // 2 MiB at 2 MiB/s, less the 50 ms burst the budget starts with: a lower bound only.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"{clock.Elapsed}");
        Assert.Equal(_file[..1048576], answers[0].Body);
        Assert.Equal(_file[1048576..2097152], answers[1].Body);
    }

    [Fact]
    public async Task A_file_deleted_while_it_is_sent_is_sent_whole()
    {
        var budget = new ByteRateLimiter(8 * 1024 * 1024);
        await using var server = TestDownloadPort.Start(_repo.RepoDir, budget: budget);
        using var client = await RawClient.ConnectAsync(server.Port);

        await client.SendAsync(Get("bytes=0-"));
        await client.ReadHeadAsync();
        File.Delete(_repo.DataPath(TaskId));

        Assert.Equal(_file, (await client.ReadBodyAsync()).Body);
    }

    [Fact]
    public async Task A_port_in_use_fails_as_Kestrel_does_naming_the_address()
    {
        await using var server = TestDownloadPort.Start(_repo.RepoDir);

        var e = Assert.Throws<IOException>(() => DownloadPortServer.Listen(new IPEndPoint(IPAddress.Loopback, server.Port), 16));

        Assert.Contains($"127.0.0.1:{server.Port}:", e.Message);
        Assert.IsType<SocketException>(e.InnerException);
    }
}
