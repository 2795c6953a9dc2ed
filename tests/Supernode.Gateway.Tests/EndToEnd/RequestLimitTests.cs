using System.Net;
using System.Net.Sockets;
using System.Text;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>Oversized requests are refused with the limit's 4xx before any handler, on both ports.</summary>
[Collection(SharedSupernode.Name)]
public sealed class RequestLimitTests(SupernodeFixture sn)
{
    [Fact]
    public async Task A_body_over_the_limit_is_413_and_one_under_it_is_read()
    {
        var over = new byte[RequestLimits.MaxBodyBytes + 1];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await sn.Client.PostRegistryAsync(over, "application/json")).Status);
        var under = Encoding.ASCII.GetBytes("{\"pad\":\"" + new string('x', (int)RequestLimits.MaxBodyBytes - 100) + "\"}");
        Assert.Equal(HttpStatusCode.BadRequest, (await sn.Client.PostRegistryAsync(under, "application/json")).Status);
        await sn.AssertAliveAsync();
    }

    [Theory]
    [InlineData(1, RequestLimits.MaxHeaderBytes)]            // one header larger than all may be
    [InlineData(RequestLimits.MaxHeaderCount + 1, 10)]       // too many small ones
    public async Task Headers_over_the_limits_are_431(int count, int size)
    {
        var headers = Enumerable.Range(0, count).ToDictionary(i => $"X-Big-{i}", _ => new string('h', size));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await sn.Client.SendAsync(HttpMethod.Get, "/_ping", headers: headers)).Status);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task A_request_line_over_the_limit_is_414_on_both_ports()
    {
        var target = "/peer/task?taskId=" + new string('a', RequestLimits.MaxRequestLineBytes);
        Assert.Equal(414, (await RawHttp.GetAsync(sn.Process.ApiPort, target)).Status);
        Assert.Equal(414, (await RawHttp.GetAsync(sn.Process.DownloadPort, "/download/" + new string('a', RequestLimits.MaxRequestLineBytes))).Status);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task A_request_whose_headers_never_end_is_dropped_after_the_headers_timeout()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sn.Process.ApiPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        var started = DateTime.UtcNow;
        using var cts = new CancellationTokenSource(RequestLimits.HeadersWithin + TimeSpan.FromSeconds(30));
        var answer = new byte[4096];
        var read = 0;
        // Kestrel answers 408 and closes; either way the connection ends well before the test's own deadline.
        while (await stream.ReadAsync(answer.AsMemory(read), cts.Token) is var n and > 0) read += n;
        var waited = DateTime.UtcNow - started;
        Assert.True(waited >= RequestLimits.HeadersWithin - TimeSpan.FromSeconds(1), $"dropped after {waited}");
        Assert.True(read == 0 || Encoding.ASCII.GetString(answer, 0, read).StartsWith("HTTP/1.1 408", StringComparison.Ordinal),
            Encoding.ASCII.GetString(answer, 0, read));
        await sn.AssertAliveAsync();
    }
}
