using System.Net;
using System.Text;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// Broken registrations are refused with HTTP 400 and a message naming what is wrong (docs/registration.md), and
/// the supernode carries on.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class BadRegistrationTests(SupernodeFixture sn)
{
    private const string Json = "application/json;charset=utf-8";

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"rawUrl\":", "malformed")]
    [InlineData("[1,2,3]", "malformed")]
    [InlineData("{\"superNodeIp\":\"127.0.0.1\",\"cid\":\"127.0.0.1-1-1.000\",\"ip\":\"127.0.0.1\",\"hostName\":\"vm\",\"port\":49508,"
        + "\"path\":\"/peer/file/a-1-1.000\",\"version\":\"1.0.6\",\"pattern\":\"p2p\"}", "rawURL")]
    [InlineData("{\"rawUrl\":\"http://127.0.0.1:1/a\",\"cid\":\"c\",\"ip\":\"127.0.0.1\",\"port\":\"49508\",\"path\":\"/p\"}", "malformed")]
    public async Task A_body_that_is_not_a_registration_is_refused_with_400(string body, string named)
    {
        var message = Expect.Error(await sn.Client.PostRegistryAsync(Encoding.UTF8.GetBytes(body), Json), HttpStatusCode.BadRequest);
        Assert.Contains(named, message);
        await sn.AssertAliveAsync();
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file.bin")]
    [InlineData("file:///etc/passwd")]
    [InlineData("127.0.0.1/file.bin")]
    [InlineData("http://")]
    public async Task A_url_that_is_not_http_is_refused_with_400_naming_rawURL(string url)
    {
        var message = Expect.Error(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), HttpStatusCode.BadRequest);
        Assert.Contains("rawURL", message);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task An_unknown_form_key_is_refused_with_400_naming_it()
    {
        var form = Encoding.ASCII.GetBytes("rawurl=http%3A%2F%2F127.0.0.1%3A1%2Fa&cid=c&ip=127.0.0.1&path=%2Fp&colour=blue");
        var message = Expect.Error(await sn.Client.PostRegistryAsync(form, "application/x-www-form-urlencoded"), HttpStatusCode.BadRequest);
        Assert.Contains("colour", message);
        await sn.AssertAliveAsync();
    }
}
