using Supernode.Gateway.Dfget;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Hardening;

/// <summary>
/// The SSRF guard against a real supernode: a registration naming a denied source is answered 607
/// (dfget fetches from the source itself, docs/registration.md) with the reason, no task is made, and not one
/// connection reaches the denied address, neither directly nor through a redirect.
/// </summary>
[Collection(HardenedSupernodes.Name)]
public sealed class SourceGuardTests(HardenedSupernode sn)
{
    [Fact]
    public async Task A_source_on_a_denied_address_is_refused_and_never_contacted()
    {
        sn.DeniedOrigin.Serve("/guard/direct.bin", SeededContent.Bytes(1000, seed: 1));
        var url = sn.DeniedOrigin.Url("/guard/direct.bin");

        var msg = Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ResultCodes.UrlNotReachable);

        Assert.Contains("source not allowed: address 127.0.0.2 is in the denied network 127.0.0.2/32", msg);
        await ExpectNoTaskAsync(url);
        Assert.Equal(0, sn.DeniedOrigin.Connections);
    }

    [Fact]
    public async Task A_redirect_to_a_denied_address_is_refused_at_the_redirect()
    {
        sn.DeniedOrigin.Serve("/guard/target.bin", SeededContent.Bytes(1000, seed: 2));
        sn.Origin.Serve("/guard/redirect.bin", [], new OriginFileOptions { RedirectTo = sn.DeniedOrigin.Url("/guard/target.bin") });
        var url = sn.Origin.Url("/guard/redirect.bin");

        var msg = Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ResultCodes.UrlNotReachable);

        Assert.Contains("127.0.0.2/32", msg);
        Assert.Equal(302, Assert.Single(sn.Origin.Stats("/guard/redirect.bin").Requests).Status);
        await ExpectNoTaskAsync(url);
        Assert.Equal(0, sn.DeniedOrigin.Connections);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "169.254.0.0/16")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254/128")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "100.100.100.200/32")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "169.254.0.0/16")]
    [InlineData("http://0xa9fea9fe/latest/meta-data/", "169.254.0.0/16")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal")]
    public async Task Cloud_metadata_is_refused_by_default(string url, string rule)
    {
        var msg = Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ResultCodes.UrlNotReachable);

        Assert.Contains(rule, msg);
        Assert.Contains("denied by default", msg);
        await ExpectNoTaskAsync(url);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/pub/file.bin")]
    [InlineData("gopher://127.0.0.1:70/_GET")]
    [InlineData("dict://127.0.0.1:11211/stat")]
    public async Task Schemes_other_than_http_and_https_are_refused(string url)
    {
        var message = Expect.Error(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), System.Net.HttpStatusCode.BadRequest);

        Assert.Contains("is not an http(s) URL", message);
        await ExpectNoTaskAsync(url);
    }

    /// <summary>A preheat names its URL on a client's word too: the job fails with the guard's reason, the address never contacted.</summary>
    [Theory]
    [InlineData("image", "/v2/guard/image/manifests/latest")]
    [InlineData("file", "/guard/preheat.bin")]
    public async Task A_preheat_of_a_denied_source_fails_with_the_reason_and_never_contacts_it(string type, string path)
    {
        sn.DeniedOrigin.Serve(path, SeededContent.Bytes(1000, seed: 3));
        var created = await sn.Client.SendAsync(HttpMethod.Post, "/preheats",
            System.Text.Json.JsonSerializer.Serialize(new { type, url = sn.DeniedOrigin.Url(path) }),
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {HardenedSupernode.AdminToken}" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.Status);

        var job = await sn.Client.WaitForPreheatAsync(created.Json.GetProperty("ID").GetString()!, TimeSpan.FromSeconds(60));

        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Contains("source not allowed", job.GetProperty("errorMsg").GetString());
        Assert.Equal(0, sn.DeniedOrigin.Connections);
    }

    private async Task ExpectNoTaskAsync(string url) =>
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await sn.Client.GetTaskAsync(ExpectedTaskId.Of(url))).Status);
}
