using System.Net;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// With <c>security.adminToken</c> set, each mutating admin route answers 401 without the token
/// (or with a wrong one) and works with it; reads and the dfget routes stay open; neither the token nor source
/// credentials reach the console output or app.log.
/// </summary>
public sealed class AdminTokenTests(AdminTokenTests.TokenSupernode sn) : IClassFixture<AdminTokenTests.TokenSupernode>
{
    private const string Token = "tok-7c1f9e2a-admin-secret";
    private const string WrongToken = "tok-wrong-4d8b-not-it";
    private const string SourcePassword = "pw-9f3e-source-secret";
    private const string SourceHeader = "Basic aGVhZGVyLXNlY3JldC0xMjM0";

    /// <summary>Every route that requires the token; <c>{peer}</c> is created first.</summary>
    public static TheoryData<string, string, string?, int> MutatingRoutes() => new()
    {
        { "DELETE", "/api/v1/peers/{peer}", null, 200 },
        { "DELETE", "/peers/{peer}", null, 200 },
        { "PUT", "/api/v1/tasks/{task}", "{\"paused\":true}", 200 },
        { "PUT", "/tasks/{task}", "{\"paused\":false,\"peerID\":\"nobody-10.0.0.1-15000\"}", 400 },
        { "DELETE", $"/api/v1/tasks/{new string('d', 64)}?full=true", null, 200 },
        { "POST", "/v1.24/api/v1/cluster/members/127.0.0.1:1/leave", null, 404 },
        { "POST", "/api/v1/cluster/members/127.0.0.1:1/down", null, 404 },
        { "POST", "/preheats", "{\"type\":\"file\",\"url\":\"http://127.0.0.1:1/token-preheat.bin\"}", 201 },
        { "POST", "/api/v1/preheats", "{\"type\":\"image\",\"url\":\"http://127.0.0.1:1/v2/a/manifests/b\"}", 201 },
        { "DELETE", $"/preheats/{new string('d', 64)}", null, 200 },
        { "DELETE", $"/v1.24/api/v1/preheats/{new string('d', 64)}", null, 200 },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task A_mutating_route_needs_the_token(string method, string path, string? body, int withToken)
    {
        path = await PrepareAsync(path);
        foreach (var header in new string?[] { null, $"Bearer {WrongToken}", Token, $"Basic {Token}" })
        {
            var refused = await SendAsync(method, path, body, header);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Contains("Authorization: Bearer", Expect.Error(refused, HttpStatusCode.Unauthorized));
            Assert.DoesNotContain(Token, refused.Text);
            Assert.DoesNotContain(WrongToken, refused.Text);
        }
        var accepted = await SendAsync(method, path, body, $"Bearer {Token}");
        Assert.True((HttpStatusCode)withToken == accepted.Status, accepted.ToString());
    }

    [Fact]
    public async Task Reads_and_dfget_routes_need_no_token()
    {
        var url = sn.Origin.Url("/token/open.bin");
        sn.Origin.Serve("/token/open.bin", SeededContent.Bytes(100, seed: 3));
        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ExpectedTaskId.Of(url), 100);
        var taskId = ExpectedTaskId.Of(url);
        foreach (var path in new[]
                 {
                     $"/peer/task?taskId={taskId}&srcCid={DfgetRegistration.For(url).Cid}&dstCid=&status=700", "/_ping", "/version", "/metrics", "/",
                     "/api/v1/peers", $"/api/v1/tasks/{taskId}", "/api/v1/cluster/members", "/api/v1/cluster/shards", "/api/v1/cluster/tasks",
                     $"/api/v1/cluster/tasks/{taskId}/pieces",
                 })
            Assert.Equal(HttpStatusCode.OK, (await sn.Client.GetAsync(path)).Status);
        var report = await sn.Client.SendAsync(HttpMethod.Post, "/task/metrics", "{\"cID\":\"x\",\"success\":true}");
        Assert.Equal(HttpStatusCode.OK, report.Status);

        // The REST protocol's client calls: a peer registers, creates its task, pulls, reports, finishes.
        var peer = await sn.Client.SendAsync(HttpMethod.Post, "/api/v1/peers", "{\"IP\":\"10.8.0.9\",\"hostName\":\"token-rest\",\"port\":15009}");
        Assert.Equal(HttpStatusCode.Created, peer.Status);
        var peerId = peer.Json.GetProperty("ID").GetString();
        var created = await sn.Client.SendAsync(HttpMethod.Post, "/tasks",
            $"{{\"cID\":\"rest-open\",\"peerID\":\"{peerId}\",\"path\":\"/peer/file/rest-open\",\"rawURL\":\"{url}\"}}");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.GetAsync($"/api/v1/tasks/{taskId}/pieces?clientID=rest-open")).Status);
        var range = "0-4194303";
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.SendAsync(HttpMethod.Put, $"/api/v1/tasks/{taskId}/pieces/{range}",
            $"{{\"clientID\":\"rest-open\",\"dstPID\":\"{peerId}\",\"pieceStatus\":\"FAILED\"}}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.SendAsync(HttpMethod.Put, $"/api/v1/tasks/{taskId}", $"{{\"peerID\":\"{peerId}\"}}")).Status);
    }

    [Fact]
    public async Task Neither_tokens_nor_source_credentials_are_logged()
    {
        var path = "/token/secret.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(2000, seed: 4));
        var url = $"http://user:{SourcePassword}@127.0.0.1:{sn.Origin.Port}{path}";
        var registration = DfgetRegistration.For(url) with { Headers = [$"Authorization:{SourceHeader}"] };
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.RegisterAsync(registration)).Status);
        var taskId = ExpectedTaskId.Of(url);
        await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        await SendAsync("DELETE", $"/api/v1/tasks/{taskId}", null, $"Bearer {WrongToken}");
        await SendAsync("DELETE", $"/api/v1/tasks/{taskId}", null, $"Bearer {Token}");
        // A token in a query string is not the way to authenticate, but it must not be logged either.
        await sn.Client.GetAsync($"/api/v1/peers?token={Token}");
        // A preheat of the same source, with its credentials: neither logged nor shown in the preheat list.
        var preheat = await SendAsync("POST", "/preheats",
            System.Text.Json.JsonSerializer.Serialize(new { type = "file", url, headers = new Dictionary<string, string> { ["Authorization"] = SourceHeader } }),
            $"Bearer {Token}");
        Assert.Equal(HttpStatusCode.Created, preheat.Status);
        Assert.Equal("SUCCESS", (await sn.Client.WaitForPreheatAsync(preheat.Json.GetProperty("ID").GetString()!, TimeSpan.FromSeconds(30)))
            .GetProperty("status").GetString());
        var list = (await sn.Client.GetAsync("/preheats")).Text;
        Assert.DoesNotContain(SourcePassword, list);
        Assert.DoesNotContain(SourceHeader, list);

        var logs = sn.Process.Output + sn.Process.AppLog;
        Assert.Contains($"/api/v1/tasks/{{id}}", logs);
        Assert.Contains("Preheat ", logs);
        foreach (var secret in new[] { Token, WrongToken, SourcePassword, SourceHeader, "aGVhZGVyLXNlY3JldC0xMjM0" })
            Assert.DoesNotContain(secret, logs);
    }

    private async Task<string> PrepareAsync(string path)
    {
        if (path.Contains("{task}"))
        {
            var url = sn.Origin.Url($"/token/{Guid.NewGuid():N}.bin");
            sn.Origin.Serve(new Uri(url).AbsolutePath, SeededContent.Bytes(100, seed: 5));
            Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ExpectedTaskId.Of(url), 100);
            path = path.Replace("{task}", ExpectedTaskId.Of(url));
        }
        if (!path.Contains("{peer}")) return path;
        var peer = $"token-{Guid.NewGuid():N}"[..18];
        var created = await SendAsync("POST", "/api/v1/peers", $"{{\"IP\":\"10.8.0.2\",\"hostName\":\"{peer}\"}}", $"Bearer {Token}");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return path.Replace("{peer}", created.Json.GetProperty("ID").GetString());
    }

    private Task<RawAnswer> SendAsync(string method, string path, string? body, string? authorization) =>
        sn.Client.SendAsync(new HttpMethod(method), path, body,
            authorization is null ? null : new Dictionary<string, string> { ["Authorization"] = authorization });

    /// <summary>A supernode whose <c>supernode.yml</c> sets the admin token (not on the command line, which ps shows).</summary>
    public sealed class TokenSupernode() : SupernodeFixture(home =>
    {
        var config = home.Combine("supernode.yml");
        File.WriteAllText(config, $"security:\n  adminToken: {Token}\n");
        return ["--config", config];
    });
}
