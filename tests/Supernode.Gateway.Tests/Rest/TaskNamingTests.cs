using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.Rest;

/// <summary>
/// How a registration of either protocol names and sizes its task (docs/protocol.md, "Naming a task"): query keys in
/// <c>filter</c>, a content digest as <c>taskId</c>, a declared <c>fileLength</c>.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class TaskNamingTests(SupernodeFixture sn)
{
    private static int s_client;

    private async Task<string> PeerAsync()
    {
        var created = await sn.Client.SendAsync(HttpMethod.Post, "/api/v1/peers",
            JsonSerializer.Serialize(new { IP = "127.0.0.1", hostName = "naming", port = 15000 + Interlocked.Increment(ref s_client) }));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json.GetProperty("ID").GetString()!;
    }

    private async Task<RawAnswer> CreateAsync(string peer, object fields, string? cid = null)
    {
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        body["cID"] = cid ?? $"127.0.0.1-naming-{Interlocked.Increment(ref s_client)}";
        body["peerID"] = peer;
        body["path"] = "/peer/file/naming";
        return await sn.Client.SendAsync(HttpMethod.Post, "/api/v1/tasks", body.ToJsonString());
    }

    private static string Created(RawAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        return answer.Json.GetProperty("ID").GetString()!;
    }

    [Fact]
    public async Task Urls_that_differ_only_in_filtered_query_keys_are_one_task_by_either_protocol()
    {
        sn.Origin.Serve("/signed.bin", SeededContent.Bytes(5000, seed: 91));
        var peer = await PeerAsync();

        var first = Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/signed.bin?sig=aaa&expires=1&v=2"), filter = new[] { "sig", "expires" } }));
        var second = Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/signed.bin?v=2&sig=bbb&expires=9"), filter = new[] { "sig", "expires" } }));
        var dfget = await sn.Client.SendAsync(HttpMethod.Post, "/peer/registry", JsonSerializer.Serialize(new
        {
            rawUrl = sn.Origin.Url("/signed.bin?sig=ccc&v=2&expires=5"), filter = new[] { "sig", "expires" }, cid = "127.0.0.1-naming-dfget",
            ip = "127.0.0.1", hostName = "naming", port = 15999, path = "/peer/file/naming-dfget", version = "1.0.6",
        }));

        Assert.Equal(first, second);
        Expect.Registered(dfget, first, 5000);
        var info = await sn.Client.GetTaskAsync(first);
        Assert.Equal(sn.Origin.Url("/signed.bin?v=2"), info.Json.GetProperty("taskURL").GetString());
        Assert.Equal(3, info.Json.GetProperty("clientCount").GetInt32());
        // Another value of a key not filtered is another file.
        Assert.NotEqual(first, Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/signed.bin?v=3&sig=a"), filter = new[] { "sig" } })));
    }

    [Fact]
    public async Task A_content_digest_names_one_task_for_every_url_serving_that_content_and_the_copy_must_hash_to_it()
    {
        var content = SeededContent.Bytes(3 * 4194299 + 11, seed: 92);
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        sn.Origin.Serve("/registry-a/blob", content);
        sn.Origin.Serve("/registry-b/blob", content);
        var peer = await PeerAsync();

        var a = Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/registry-a/blob"), taskId = "sha256:" + hex }));
        var b = Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/registry-b/blob"), taskId = "sha256:" + hex }));
        var dfget = await sn.Client.SendAsync(HttpMethod.Post, "/peer/registry", JsonSerializer.Serialize(new
        {
            rawUrl = sn.Origin.Url("/registry-b/blob?mirror=1"), taskId = "sha256:" + hex, cid = "127.0.0.1-digest-dfget",
            ip = "127.0.0.1", hostName = "naming", port = 15998, path = "/peer/file/digest-dfget", version = "1.0.6",
        }));

        Assert.Equal(hex, a);
        Assert.Equal(hex, b);
        Expect.Registered(dfget, hex, content.Length);
        var done = await sn.Client.WaitForCdnAsync(hex, TimeSpan.FromSeconds(60));
        Assert.Equal("SUCCESS", done.GetProperty("cdnStatus").GetString());
        Assert.Equal("sha256:" + hex, done.GetProperty("digest").GetString());
        // The second URL joined the task: it was neither probed nor fetched.
        Assert.Empty(sn.Origin.Stats("/registry-b/blob").Requests);
        await Expect.ServedExactly(sn.Client, hex, content);

        // A digest the content does not have: the copy fails, and the clients are told so.
        var wrong = new string('d', 64);
        sn.Origin.Serve("/registry-c/blob", content);
        Assert.Equal(wrong, Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/registry-c/blob"), taskId = "sha256:" + wrong }, "wrong-digest")));
        Assert.Equal("FAILED", (await sn.Client.WaitForCdnAsync(wrong, TimeSpan.FromSeconds(60))).GetProperty("cdnStatus").GetString());
        var pull = await sn.Client.GetAsync($"/api/v1/tasks/{wrong}/pieces?clientID=wrong-digest");
        Assert.True(pull.Status == HttpStatusCode.BadGateway, pull.ToString());
        Assert.Contains("cdn status is fail", pull.Json.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha512:0123")]
    [InlineData("sha256:../../etc/passwd")]
    public async Task A_task_id_that_is_no_sha256_digest_is_refused_by_either_protocol(string taskId)
    {
        var peer = await PeerAsync();
        sn.Origin.Serve("/not-a-digest.bin", SeededContent.Bytes(10, seed: 93));

        var rest = await CreateAsync(peer, new { rawURL = sn.Origin.Url("/not-a-digest.bin"), taskId });
        var dfget = await sn.Client.SendAsync(HttpMethod.Post, "/peer/registry", JsonSerializer.Serialize(new
        {
            rawUrl = sn.Origin.Url("/not-a-digest.bin"), taskId, cid = "127.0.0.1-bad-digest", ip = "127.0.0.1", path = "/peer/file/x",
        }));

        foreach (var answer in new[] { rest, dfget })
        {
            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Contains("sha256: and 64 lowercase hex digits", answer.Json.GetProperty("message").GetString());
        }
        Assert.Empty(sn.Origin.Stats("/not-a-digest.bin").Requests);
    }

    [Fact]
    public async Task A_declared_length_skips_the_source_probe_and_must_be_the_sources()
    {
        var content = SeededContent.Bytes(2 * 4194299, seed: 94);
        sn.Origin.Serve("/declared.bin", content);
        var peer = await PeerAsync();

        var answer = await CreateAsync(peer, new { rawURL = sn.Origin.Url("/declared.bin"), fileLength = content.Length });
        var id = Created(answer);
        Assert.Equal(content.Length, answer.Json.GetProperty("fileLength").GetInt64());
        Assert.Equal("SUCCESS", (await sn.Client.WaitForCdnAsync(id, TimeSpan.FromSeconds(60))).GetProperty("cdnStatus").GetString());
        // One request, the copy's: no probe of the length before the answer.
        Assert.Equal([(string?)null], sn.Origin.Stats("/declared.bin").Requests.Select(r => r.Range));

        var conflicting = await CreateAsync(peer, new { rawURL = sn.Origin.Url("/declared.bin"), fileLength = content.Length + 1 });
        Assert.True(conflicting.Status == HttpStatusCode.BadRequest, conflicting.ToString());
        Assert.Contains($"fileLength {content.Length + 1} disagrees", conflicting.Json.GetProperty("message").GetString());

        // A new task declared at the wrong length: registered at once, its copy fails on the source's answer.
        sn.Origin.Serve("/declared-wrong.bin", content);
        var wrong = Created(await CreateAsync(peer, new { rawURL = sn.Origin.Url("/declared-wrong.bin"), fileLength = 100 }));
        var failed = await sn.Client.WaitForCdnAsync(wrong, TimeSpan.FromSeconds(60));
        Assert.Equal("FAILED", failed.GetProperty("cdnStatus").GetString());
    }
}
