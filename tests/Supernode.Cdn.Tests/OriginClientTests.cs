using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Supernode.Actors.Cdn;
using Supernode.Cdn.Guard;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

public sealed class OriginClientTests : IAsyncLifetime
{
    private readonly LoopbackOrigin _origin = new();
    private readonly OriginClient _client = new(TimeSpan.FromSeconds(4), SourceGuard.Default);

    public Task InitializeAsync() => _origin.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _origin.DisposeAsync();
    }

    private Task<SourceProbe> ProbeAsync(string path, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        _client.ProbeAsync(Sources.Of(_origin.Url(path), headers: headers), CancellationToken.None);

    [Fact]
    public async Task Probe_reads_the_total_length_from_a_first_byte_range()
    {
        _origin.Serve("/f", new byte[12345]);

        var probe = await ProbeAsync("/f");

        Assert.Equal(new SourceProbe(SourceProbeOutcome.Reachable, 12345, 206, ""), probe);
        Assert.Equal("bytes=0-0", _origin.Stats("/f").Requests.Single().Range);
    }

    [Fact]
    public async Task Probe_of_a_source_without_ranges_reads_content_length_or_minus_one()
    {
        _origin.Serve("/plain", new byte[777], new OriginFileOptions { SupportsRange = false });
        _origin.Serve("/chunked", new byte[777], new OriginFileOptions { SupportsRange = false, Chunked = true });

        Assert.Equal(new SourceProbe(SourceProbeOutcome.Reachable, 777, 200, ""), await ProbeAsync("/plain"));
        Assert.Equal(new SourceProbe(SourceProbeOutcome.Reachable, -1, 200, ""), await ProbeAsync("/chunked"));
    }

    [Fact]
    public async Task Probe_of_an_empty_file_is_length_zero()
    {
        _origin.Serve("/empty", []);

        var probe = await ProbeAsync("/empty");

        Assert.Equal(SourceProbeOutcome.Reachable, probe.Outcome);
        Assert.Equal(0, probe.ContentLength);
        Assert.Equal(416, probe.StatusCode);
    }

    [Fact]
    public async Task Probe_keeps_the_task_range_and_measures_it()
    {
        _origin.Serve("/f", new byte[1000]);

        var probe = await ProbeAsync("/f", [new("Range", "bytes=0-99")]);

        Assert.Equal(new SourceProbe(SourceProbeOutcome.Reachable, 100, 206, ""), probe);
        Assert.Equal("bytes=0-99", _origin.Stats("/f").Requests.Single().Range);
    }

    [Theory]
    [InlineData(404, SourceProbeOutcome.NotFound)]
    [InlineData(401, SourceProbeOutcome.AuthRequired)]
    [InlineData(407, SourceProbeOutcome.AuthRequired)]
    [InlineData(500, SourceProbeOutcome.Reachable)]
    [InlineData(403, SourceProbeOutcome.Reachable)]
    public async Task Probe_maps_statuses(int status, SourceProbeOutcome outcome)
    {
        _origin.Serve("/f", [1], new OriginFileOptions { ForcedStatus = status });

        var probe = await ProbeAsync("/f");

        Assert.Equal(outcome, probe.Outcome);
        Assert.Equal(status, probe.StatusCode);
        Assert.Equal(-1, probe.ContentLength);
    }

    [Fact]
    public async Task Probe_of_a_missing_path_is_not_found()
    {
        Assert.Equal(SourceProbeOutcome.NotFound, (await ProbeAsync("/nothing-here")).Outcome);
    }

    [Fact]
    public async Task Probe_sends_the_task_headers()
    {
        _origin.Serve("/private", [1, 2], new OriginFileOptions { RequiredHeader = new("Authorization", "Basic eDp5") });

        Assert.Equal(SourceProbeOutcome.AuthRequired, (await ProbeAsync("/private")).Outcome);
        Assert.Equal(2, (await ProbeAsync("/private", [new("Authorization", "Basic eDp5")])).ContentLength);
    }

    [Fact]
    public async Task Probe_of_a_refused_port_is_unreachable()
    {
        var probe = await _client.ProbeAsync(Sources.Of($"http://127.0.0.1:{FreePort.Next()}/f"), CancellationToken.None);

        Assert.Equal(SourceProbeOutcome.Unreachable, probe.Outcome);
        Assert.Equal(0, probe.StatusCode);
        Assert.NotEmpty(probe.Detail);
    }

    [Fact]
    public async Task Probe_that_gets_no_answer_in_time_is_reachable_with_unknown_length()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new OriginClient(TimeSpan.FromMilliseconds(300), SourceGuard.Default);

        var probe = await client.ProbeAsync(Sources.Of($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/f"), CancellationToken.None);

        Assert.Equal(SourceProbeOutcome.Reachable, probe.Outcome);
        Assert.Equal(-1, probe.ContentLength);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/f")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ab")]
    public async Task Probe_denies_urls_that_are_not_http(string url)
    {
        var probe = await _client.ProbeAsync(Sources.Of(url), CancellationToken.None);
        Assert.Equal(SourceProbeOutcome.Denied, probe.Outcome);
    }

    [Fact]
    public async Task Probe_follows_redirects()
    {
        await using var redirector = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.Redirect(_origin.Url("/f"));
            return Task.CompletedTask;
        });
        _origin.Serve("/f", new byte[42]);

        var probe = await _client.ProbeAsync(Sources.Of(redirector.BaseUrl + "/old"), CancellationToken.None);

        Assert.Equal(42, probe.ContentLength);
    }

    [Fact]
    public async Task Requests_carry_task_headers_as_given_and_no_accept_encoding()
    {
        var seen = new List<IHeaderDictionary>();
        await using var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            lock (seen) seen.Add(new HeaderDictionary(ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            ctx.Response.ContentLength = 3;
            await ctx.Response.Body.WriteAsync(new byte[3]);
        });
        var source = Sources.Of(server.BaseUrl + "/f", headers: [new("X-Custom", "a,b"), new("Cookie", "k=v")]);

        await _client.ProbeAsync(source, CancellationToken.None);
        using (var download = await _client.DownloadAsync(source, 0, 3, CancellationToken.None))
            await download.Body.CopyToAsync(Stream.Null);

        Assert.Equal(2, seen.Count);
        Assert.All(seen, h =>
        {
            Assert.Equal("a,b", h["X-Custom"]);
            Assert.Equal("k=v", h["Cookie"]);
            Assert.False(h.ContainsKey("Accept-Encoding"));
        });
    }

    [Fact]
    public async Task Expiry_check_is_a_conditional_get_and_only_304_keeps_the_copy()
    {
        var lm = new DateTimeOffset(2018, 6, 15, 14, 40, 41, TimeSpan.Zero);
        _origin.Serve("/f", [1], new OriginFileOptions { LastModified = lm, ETag = "\"e1\"" });
        var source = Sources.Of(_origin.Url("/f"));

        Assert.False(await _client.IsExpiredAsync(source, lm.ToUnixTimeMilliseconds(), "", CancellationToken.None));
        Assert.False(await _client.IsExpiredAsync(source, 0, "\"e1\"", CancellationToken.None));
        Assert.True(await _client.IsExpiredAsync(source, 0, "\"e0\"", CancellationToken.None));
        Assert.True(await _client.IsExpiredAsync(source, lm.AddDays(-1).ToUnixTimeMilliseconds(), "", CancellationToken.None));
        var requests = _origin.Stats("/f").Requests;
        Assert.Equal("Fri, 15 Jun 2018 14:40:41 GMT", requests[0].IfModifiedSince);
        Assert.Equal("\"e1\"", requests[1].IfNoneMatch);
    }

    [Fact]
    public async Task Expiry_check_without_validators_is_expired_without_a_request()
    {
        _origin.Serve("/f", [1]);

        Assert.True(await _client.IsExpiredAsync(Sources.Of(_origin.Url("/f")), 0, "", CancellationToken.None));
        Assert.Empty(_origin.Stats("/f").Requests);
    }

    [Fact]
    public async Task Expiry_check_keeps_the_copy_when_the_source_cannot_be_asked()
    {
        var source = Sources.Of($"http://127.0.0.1:{FreePort.Next()}/f");
        Assert.False(await _client.IsExpiredAsync(source, 1529073641000, "", CancellationToken.None));
    }

    [Fact]
    public async Task Resumed_download_asks_for_the_rest_and_requires_206()
    {
        var content = SeededContent.Bytes(100, 1);
        _origin.Serve("/f", content, new OriginFileOptions { ETag = "\"x\"" });
        var source = Sources.Of(_origin.Url("/f"));

        using (var download = await _client.DownloadAsync(source, 60, 100, CancellationToken.None))
        {
            Assert.Equal(206, download.StatusCode);
            Assert.Equal(100, download.ContentLength);
            Assert.Equal("\"x\"", download.ETag);
            var rest = new MemoryStream();
            await download.Body.CopyToAsync(rest);
            Assert.Equal(content[60..], rest.ToArray());
        }
        Assert.Equal("bytes=60-99", _origin.Stats("/f").Requests.Single().Range);

        _origin.SetOptions("/f", new OriginFileOptions { SupportsRange = false });
        var e = await Assert.ThrowsAsync<OriginException>(() => _client.DownloadAsync(source, 60, 100, CancellationToken.None));
        Assert.Equal("unexpected status code: 200", e.Message);
    }

    [Fact]
    public async Task Tls_is_checked_against_the_system_store_unless_insecure_or_given_root_cas()
    {
        using var certificate = TestCertificates.SelfSignedLoopback();
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.ContentLength = 0;
            return Task.CompletedTask;
        }, certificate: certificate);
        var source = Sources.Of(server.BaseUrl + "/f");

        var untrusted = await _client.ProbeAsync(source, CancellationToken.None);
        var insecure = await _client.ProbeAsync(source with { Insecure = true }, CancellationToken.None);
        var trusted = await _client.ProbeAsync(source with { RootCAs = [TestCertificates.AsDfgetRootCa(certificate)] }, CancellationToken.None);
        var otherRoot = await _client.ProbeAsync(
            source with { RootCAs = [TestCertificates.AsDfgetRootCa(TestCertificates.SelfSignedLoopback())] }, CancellationToken.None);

        Assert.Equal(SourceProbeOutcome.Unreachable, untrusted.Outcome);
        Assert.Equal(200, insecure.StatusCode);
        Assert.Equal(200, trusted.StatusCode);
        Assert.Equal(SourceProbeOutcome.Unreachable, otherRoot.Outcome);
    }

    [Fact]
    public void Http_dates_are_rfc1123_gmt()
    {
        Assert.Equal("Fri, 15 Jun 2018 14:40:41 GMT", OriginClient.HttpDate(1529073641000));
    }
}
