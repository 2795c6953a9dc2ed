using System.Net;
using System.Security.Cryptography;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.Preheat;

/// <summary>
/// A file preheat makes the task's CDN copy in the supernode (no dfget process), so the downloads that
/// follow cost the origin nothing; the wire answers of <c>/preheats</c> as Harbor and docs/protocol.md expect them.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class FilePreheatTests(SupernodeFixture sn, ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_file_preheat_of_50_MB_then_five_peers_fetch_nothing_more_from_the_origin()
    {
        using var dir = new TempDir("supernode-file-preheat");
        const string path = "/preheat/fifty.bin";
        var file = dir.Combine("fifty.bin");
        SeededContent.WriteFile(file, 50L * 1024 * 1024, seed: 61);
        sn.Origin.ServeFile(path, file, new OriginFileOptions { ETag = "\"fifty-v1\"" });
        var url = sn.Origin.Url(path);

        var created = await sn.Client.PreheatAsync(new { type = "file", url });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        // Go's id of a file preheat is the taskId of a dfget of the same URL.
        Assert.Equal(ExpectedTaskId.Of(url), created.Json.GetProperty("ID").GetString());
        var job = await sn.Client.WaitForPreheatAsync(ExpectedTaskId.Of(url), Within);
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());
        Assert.Equal((1, 1, 50L * 1024 * 1024),
            (job.GetProperty("layersDone").GetInt32(), job.GetProperty("layersTotal").GetInt32(), job.GetProperty("bytesCopied").GetInt64()));
        var byPreheat = sn.Origin.Stats(path);
        output.WriteLine($"origin for the preheat: {string.Join(", ", byPreheat.Requests)}");
        Assert.Equal(1, byPreheat.CompleteBodies - byPreheat.Requests.Count(r => r.Range == "bytes=0-0"));
        Assert.Equal("SUCCESS", (await sn.Client.GetTaskAsync(ExpectedTaskId.Of(url))).Json.GetProperty("cdnStatus").GetString());

        await using var fleet = await PeerFleet.StartAsync(5, i => new PeerOptions
        {
            Supernodes = [sn.Process.ApiUrl],
            Url = url,
            OutputDirectory = dir.Path,
            OutputFileName = $"peer{i}.bin",
            LocalLimit = 0,
            Seed = i,
        });
        var result = await fleet.DownloadAllAsync();
        output.WriteLine(result.FormatSummary());

        Assert.Equal(5, result.Succeeded);
        var md5 = Md5(file);
        Assert.All(result.Peers, p => Assert.Equal(md5, Md5(p.Download.OutputPath)));
        var after = sn.Origin.Stats(path);
        output.WriteLine($"origin after the five downloads: {after.Requests.Count - byPreheat.Requests.Count} more requests");
        Assert.Equal(byPreheat.Requests.Count, after.Requests.Count);
    }

    [Fact]
    public async Task A_duplicate_answers_201_while_the_job_runs_and_208_once_it_succeeded_and_a_delete_forgets_it()
    {
        const string path = "/preheat/slow.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(3 * 1024 * 1024, seed: 62), new OriginFileOptions { BytesPerSecond = 2 * 1024 * 1024 });
        var body = new { type = "file", url = sn.Origin.Url(path) };
        var id = (await sn.Client.PreheatAsync(body)).Json.GetProperty("ID").GetString()!;

        var again = await sn.Client.PreheatAsync(body);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal($"{{\"ID\":\"{id}\"}}\n", again.Text);
        Assert.Contains((await sn.Client.GetAsync($"/preheats/{id}")).Json.GetProperty("status").GetString(), new[] { "WAITING", "RUNNING" });

        Assert.Equal("SUCCESS", (await sn.Client.WaitForPreheatAsync(id, Within)).GetProperty("status").GetString());
        var done = await sn.Client.PreheatAsync(body);
        Assert.Equal($"preheat task already exists, id:{id}", Expect.Error(done, HttpStatusCode.AlreadyReported));

        var deleted = await sn.Client.SendAsync(HttpMethod.Delete, $"/api/v1/preheats/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("true\n", deleted.Text);
        Assert.Equal($"{id} doesn't exists", Expect.Error(await sn.Client.GetAsync($"/api/v1/preheats/{id}"), HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.Created, (await sn.Client.PreheatAsync(body)).Status);
        Assert.Equal("SUCCESS", (await sn.Client.WaitForPreheatAsync(id, Within)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_file_preheat_of_a_missing_file_fails_with_what_the_origin_answered()
    {
        var id = (await sn.Client.PreheatAsync(new { type = "file", url = sn.Origin.Url("/preheat/missing.bin") })).Json.GetProperty("ID").GetString()!;
        var job = await sn.Client.WaitForPreheatAsync(id, Within);
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Contains("404", job.GetProperty("errorMsg").GetString());
    }

    public static TheoryData<string?, string> BadRequests() => new()
    {
        { null, "empty request" },
        { "{\"type\":", "preheat create request: malformed JSON" },
        { "{\"url\":\"http://127.0.0.1/a\"}", "type in body is required" },
        { "{\"type\":\"Image\",\"url\":\"http://127.0.0.1/a\"}", "type in body should be one of [image file]" },
        { "{\"type\":\"file\"}", "url in body is required" },
        { "{\"type\":\"file\",\"url\":\"ab\"}", "url in body should be at least 3 chars long" },
        { "{\"type\":\"file\",\"url\":\"ftp://127.0.0.1/a\"}", "url in body must be an absolute http or https URL" },
        { "{\"type\":\"image\",\"url\":\"http://127.0.0.1/v2/a/manifests/b\",\"platforms\":[\"amd64\"]}", "platforms in body must be os/arch[/variant]" },
        { "{\"type\":\"file\",\"url\":\"http://127.0.0.1/a\",\"headers\":{\"a\":1}}", "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_400_with_a_clear_message(string? body, string message)
    {
        foreach (var path in new[] { "/preheats", "/api/v1/preheats" })
        {
            var answer = await sn.Client.SendAsync(HttpMethod.Post, path, body ?? "");
            Assert.Contains(message, Expect.Error(answer, HttpStatusCode.BadRequest));
        }
    }

    private static string Md5(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
