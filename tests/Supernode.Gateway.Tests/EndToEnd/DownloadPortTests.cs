using System.Net;
using System.Text;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The download port of a running supernode (docs/protocol.md): ranges past the end are 416, unknown
/// files 404, nothing outside the CDN data files is ever served, and dfget's bare connect/close probes do no harm.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class DownloadPortTests(SupernodeFixture sn) : IAsyncLifetime
{
    private static readonly byte[] Content = SeededContent.Bytes(4194300, seed: 8001); // two pieces, the last 1 byte
    private string _taskId = "";

    public async Task InitializeAsync()
    {
        sn.Origin.Serve("/download-port.bin", Content);
        var url = sn.Origin.Url("/download-port.bin");
        _taskId = ExpectedTaskId.Of(url);
        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), _taskId, Content.Length);
        Expect.CopySucceeded(await sn.Client.WaitForCdnAsync(_taskId, TimeSpan.FromSeconds(60)), _taskId, Content);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string FilePath => $"/download/{_taskId[..3]}/{_taskId}";

    [Fact]
    public async Task A_range_past_the_end_of_the_copy_is_416_with_the_size()
    {
        var size = Wrapping.CdnFileLength(Content.Length, Expect.PieceSize);
        foreach (var range in new[] { $"bytes={size}-", $"bytes={size}-{size + 10}", $"bytes={2 * Expect.PieceSize}-{3 * Expect.PieceSize - 1}" })
        {
            var answer = await sn.Client.GetDownloadAsync(FilePath, range);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, answer.Status);
            Assert.Equal($"bytes */{size}", answer.ContentRange);
            Assert.Empty(answer.Body);
        }
    }

    /// <summary>nginx's answers (<c>max_ranges 1</c>): absurd ranges are 416, several ranges get the whole file, never a multipart body.</summary>
    [Theory]
    [InlineData("bytes=99999999999999999999999-", 416)]           // past long.MaxValue
    [InlineData("bytes=-99999999999999999999999", 416)]
    [InlineData("bytes=9223372036854775807-9223372036854775807", 416)]
    [InlineData("bytes=5-2", 416)]
    [InlineData("bytes=abc", 416)]
    [InlineData("bytes=--1", 416)]
    [InlineData("bytes=0-0,2-2", 200)]
    [InlineData("bytes=0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1", 200)]
    [InlineData("bytes=-0", 416)]
    [InlineData("bytes=0-", 206)]
    [InlineData("lines=0-1", 200)]                                 // not bytes: ignored
    public async Task Absurd_and_multiple_ranges_get_nginx_answers_never_a_multipart_body(string range, int status)
    {
        var size = Wrapping.CdnFileLength(Content.Length, Expect.PieceSize);
        var answer = await sn.Client.GetDownloadAsync(FilePath, range);
        Assert.Equal(status, (int)answer.Status);
        Assert.DoesNotContain("multipart", answer.ContentType ?? "");
        Assert.Equal(status == 416 ? 0 : size, answer.Body.Length);
    }

    [Fact]
    public async Task A_thousand_comma_separated_ranges_are_one_cheap_whole_answer()
    {
        var range = "bytes=" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"{i}-{i}"));
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.GetDownloadAsync(FilePath, range)).Status);
        await sn.AssertAliveAsync();
    }

    /// <summary>Thousands of hosts may each hold a connection between pulls: idle ones cost nothing to the others.</summary>
    [Fact]
    public async Task Two_thousand_idle_connections_leave_both_ports_serving()
    {
        var idle = new List<System.Net.Sockets.TcpClient>();
        try
        {
            foreach (var port in new[] { sn.Process.DownloadPort, sn.Process.ApiPort })
                for (var i = 0; i < 1000; i++)
                {
                    var client = new System.Net.Sockets.TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    idle.Add(client);
                }
            await Expect.ServedExactly(sn.Client, _taskId, Content);
            await sn.AssertAliveAsync();
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
        }
        await Expect.ServedExactly(sn.Client, _taskId, Content);
    }

    [Theory]
    [InlineData("/download/000/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/download/abc/abcdef0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/download/")]
    [InlineData("/")]
    public async Task An_unknown_file_is_404(string path) =>
        Assert.Equal(HttpStatusCode.NotFound, (await sn.Client.GetDownloadAsync(path, "bytes=0-4194303")).Status);

    [Fact]
    public async Task Nothing_but_the_data_file_is_served_whatever_the_request_target()
    {
        var bucket = _taskId[..3];
        var targets = new[]
        {
            "/download/../../etc/passwd",
            "/download/%2e%2e/%2e%2e/etc/passwd",
            "/download/..%2f..%2f..%2fetc%2fpasswd",
            "/download/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/..%2f..%2f..%2f..%2fetc/passwd",
            "//etc/passwd",
            "/download/" + bucket + "/../../../supernode.db",
            "/../supernode.db",
            "/download/" + bucket + "/" + _taskId + ".meta",
            "/download/" + bucket + "/" + _taskId + ".md5",
            "/download/" + bucket + "/" + _taskId + "%00.meta",
            "/download/" + bucket + "/./" + _taskId,
            "/download/" + bucket + "/../" + bucket + "/" + _taskId,
            "/download/" + bucket + "%2f" + _taskId,
            "/download/" + bucket.ToUpperInvariant() + "/" + _taskId.ToUpperInvariant(),
        };
        foreach (var target in targets)
        {
            var (status, answer) = await RawHttp.GetAsync(sn.Process.DownloadPort, target);
            Assert.True(status is 400 or 404, $"{target}: {status}");
            Assert.DoesNotContain("root:", answer);
            Assert.DoesNotContain("SQLite format", answer);
            Assert.DoesNotContain(_taskId, answer);
        }
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task Bare_connections_opened_and_closed_are_tolerated()
    {
        for (var i = 0; i < 25; i++) await RawHttp.ConnectAndCloseAsync(sn.Process.DownloadPort);
        await RawHttp.ConnectAndCloseAsync(sn.Process.DownloadPort, Encoding.ASCII.GetBytes("GET /download/"));
        await RawHttp.ConnectAndCloseAsync(sn.Process.ApiPort);
        await RawHttp.ConnectAndCloseAsync(sn.Process.ApiPort, Encoding.ASCII.GetBytes("POST /peer/registry HTTP/1.1\r\n"));

        await Expect.ServedExactly(sn.Client, _taskId, Content);
        await sn.AssertAliveAsync();
    }
}
