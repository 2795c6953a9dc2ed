using System.Net;
using Microsoft.AspNetCore.Http;
using Supernode.Actors.Cdn;
using Supernode.Cdn.Guard;
using Supernode.Testing;

namespace Supernode.Cdn.Tests.Guard;

/// <summary>
/// The guard on real sockets and real name resolution: the origin client refuses a denied address before any
/// connection, at the first request, at a redirect, and behind a host name.
/// </summary>
public sealed class SourceGuardTests : IAsyncLifetime
{
    private static readonly IPAddress DeniedAddress = IPAddress.Parse("127.0.0.2");
    private static readonly SourceGuard Guard = new(SourcePolicy.Configured(
        [NetworkRange.Parse("127.0.0.2/32")], [], [], []));

    private LoopbackHttpServer _allowed = null!;
    private LoopbackHttpServer _denied = null!;

    public async Task InitializeAsync()
    {
        _denied = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("secret"), address: DeniedAddress);
        _allowed = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.Redirect(_denied.BaseUrl + "/f");
            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        await _allowed.DisposeAsync();
        await _denied.DisposeAsync();
    }

    [Fact]
    public async Task A_denied_address_is_never_connected_to_neither_directly_nor_through_a_redirect()
    {
        using var client = new OriginClient(TimeSpan.FromSeconds(4), Guard);

        var direct = await client.ProbeAsync(Sources.Of(_denied.BaseUrl + "/f"), CancellationToken.None);
        var redirected = await client.ProbeAsync(Sources.Of(_allowed.BaseUrl + "/r"), CancellationToken.None);
        var download = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.DownloadAsync(Sources.Of(_allowed.BaseUrl + "/r"), 0, -1, CancellationToken.None));

        Assert.Equal(SourceProbeOutcome.Denied, direct.Outcome);
        Assert.Contains("127.0.0.2/32", direct.Detail);
        Assert.Equal(SourceProbeOutcome.Denied, redirected.Outcome);
        Assert.Contains("127.0.0.2/32", redirected.Detail);
        Assert.Contains("127.0.0.2/32", OriginClient.Describe(download));
        Assert.True(_allowed.Connections > 0);
        Assert.Equal(0, _denied.Connections);
    }

    [Fact]
    public async Task A_host_name_is_judged_by_the_addresses_it_resolves_to()
    {
        var loopbackDenied = new SourceGuard(SourcePolicy.Configured(
            [NetworkRange.Parse("127.0.0.0/8"), NetworkRange.Parse("::1/128")], [], [], []));

        var verdict = await loopbackDenied.CheckAsync("http://localhost:1/f", CancellationToken.None);

        Assert.False(verdict.Allowed);
        Assert.Contains("host localhost resolves to a denied address", verdict.Reason);
        Assert.True((await SourceGuard.Default.CheckAsync("http://localhost:1/f", CancellationToken.None)).Allowed);
        Assert.False((await SourceGuard.Default.CheckAsync("http://no-such-host.invalid/f", CancellationToken.None)).Allowed);
    }
}
