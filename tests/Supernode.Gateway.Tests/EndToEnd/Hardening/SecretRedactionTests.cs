using System.Net;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Hardening;

/// <summary>
/// No secret reaches a log or an error body: source URL credentials and query tokens, the headers dfget
/// passes on (Authorization, Cookie), the admin token and the TLS password, whether the registration succeeds, is
/// denied by the guard or is malformed.
/// </summary>
[Collection(HardenedSupernodes.Name)]
public sealed class SecretRedactionTests(HardenedSupernode sn)
{
    private const string UrlPassword = "urlpw-5c2e-source";
    private const string QueryToken = "qtok-a81f-signature";
    private const string AuthorizationValue = "Basic c291cmNlLXVzZXI6aGVhZGVyLXB3LTdmM2E=";
    private const string CookieValue = "session=cookie-4b9d-secret";
    private const string WrongToken = "tok-wrong-0e6a-guess";

    [Fact]
    public async Task Credentials_tokens_and_passwords_never_reach_the_logs_or_the_answers()
    {
        var path = "/secrets/file.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(5000, seed: 6),
            new OriginFileOptions { RequiredHeader = new KeyValuePair<string, string>("Authorization", AuthorizationValue) });
        var headers = new[] { $"Authorization:{AuthorizationValue}", $"Cookie:{CookieValue}" };
        var url = $"http://user:{UrlPassword}@127.0.0.1:{sn.Origin.Port}{path}?token={QueryToken}";
        var answers = new List<RawAnswer>();

        answers.Add(await sn.Client.RegisterAsync(DfgetRegistration.For(url) with { Headers = headers }));
        Assert.Equal(200, answers[^1].Json.GetProperty("code").GetInt32());
        await sn.Client.WaitForCdnAsync(ExpectedTaskId.Of(url), TimeSpan.FromSeconds(30));
        var denied = $"http://user:{UrlPassword}@127.0.0.2:{sn.DeniedOrigin.Port}/secrets/denied.bin?token={QueryToken}";
        answers.Add(await sn.Client.RegisterAsync(DfgetRegistration.For(denied) with { Headers = headers }));
        Expect.Refused(answers[^1], ResultCodes.UrlNotReachable);
        answers.Add(await sn.Client.RegisterAsync(DfgetRegistration.For($"ftp://user:{UrlPassword}@127.0.0.1/f?token={QueryToken}") with { Headers = headers }));
        Expect.Error(answers[^1], HttpStatusCode.BadRequest);
        answers.Add(await sn.Client.SendAsync(HttpMethod.Delete, $"/api/v1/tasks/{ExpectedTaskId.Of(url)}", null,
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {WrongToken}" }));
        Assert.Equal(HttpStatusCode.Unauthorized, answers[^1].Status);

        var logs = sn.Process.Output + sn.Process.AppLog;
        Assert.Contains("/peer/registry", logs);
        Assert.Contains("127.0.0.2/32", logs);
        var seen = logs + string.Concat(answers.Select(a => a.Text));
        foreach (var secret in new[] { UrlPassword, QueryToken, AuthorizationValue, "c291cmNlLXVzZXI6aGVhZGVyLXB3LTdmM2E", CookieValue,
                     HardenedSupernode.AdminToken, WrongToken, HardenedSupernode.TlsPassword })
            Assert.DoesNotContain(secret, seen);
    }

    [Fact]
    public async Task The_printed_configuration_masks_the_admin_token_and_the_tls_password()
    {
        var run = await GatewayCommand.RunAsync(["config", "show", "--config", sn.ConfigPath, "--home-dir", sn.Process.HomeDir],
            environment: new Dictionary<string, string> { ["SUPERNODE_SECURITY_TLSPASSWORD"] = HardenedSupernode.TlsPassword });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  tlsPassword: '***'\n", run.StandardOutput);
        Assert.Contains("  adminToken: '***'\n", run.StandardOutput);
        Assert.Contains("  - 127.0.0.2/32\n", run.StandardOutput);
        Assert.DoesNotContain(HardenedSupernode.TlsPassword, run.StandardOutput + run.StandardError);
        Assert.DoesNotContain(HardenedSupernode.AdminToken, run.StandardOutput + run.StandardError);
    }
}
