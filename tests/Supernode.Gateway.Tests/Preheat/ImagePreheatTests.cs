using System.Net;
using System.Text.Json;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.Preheat;

/// <summary>
/// Against real registries: image preheats reach SUCCESS with every auth kind, warm the tasks a
/// later pull of each layer blob registers (so that pull costs the registry nothing), and fail readably, never
/// staying RUNNING, for unknown images, wrong credentials and URLs that are no registry's.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class ImagePreheatTests(SupernodeFixture sn, PreheatRegistries registries, ITestOutputHelper output)
    : IClassFixture<PreheatRegistries>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_image_preheat_of_a_multi_platform_index_warms_every_layer_and_later_pulls_cost_the_registry_nothing()
    {
        var registry = registries.Anonymous;
        var image = registries.AnonymousImage;
        var (id, job) = await PreheatAsync(new { type = "image", url = image.ManifestUrl });
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());
        Assert.False(job.TryGetProperty("errorMsg", out _), job.ToString());

        // The list shows the job and its layer tasks as Go's children.
        var list = (await sn.Client.GetAsync("/api/v1/preheats")).Json.EnumerateArray().ToList();
        var parent = list.Single(t => t.GetProperty("ID").GetString() == id);
        Assert.Equal("image", parent.GetProperty("Type").GetString());
        var children = list.Where(t => t.GetProperty("ParentID").GetString() == id).ToList();
        Assert.Equal(image.AllLayers.Select(d => ExpectedTaskId.Of(registry.BlobUrl(image.Name, d))).Order(),
            children.Select(c => c.GetProperty("ID").GetString()).Order());
        Assert.All(children, c => Assert.Equal("SUCCESS", c.GetProperty("Status").GetString()));
        // Progress: every layer done, and the bytes of all of them.
        Assert.Equal(image.AllLayers.Count, job.GetProperty("layersTotal").GetInt32());
        Assert.Equal(image.AllLayers.Count, job.GetProperty("layersDone").GetInt32());
        Assert.True(job.GetProperty("bytesCopied").GetInt64() > 0, job.ToString());

        await AssertPullsCostNothingAsync(registry, image, image.AllLayers, []);
    }

    [Fact]
    public async Task Basic_credentials_warm_the_platforms_asked_for_and_no_other()
    {
        var registry = registries.Basic;
        var image = registries.BasicImage;
        var auth = new Dictionary<string, string> { ["Authorization"] = RegistryServer.BasicAuthorization() };
        var (_, job) = await PreheatAsync(new { type = "image", url = image.ManifestUrl, headers = auth, platforms = new[] { "linux/arm64" } });
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());

        foreach (var digest in image.LayersByPlatform["linux/amd64"])
            Assert.Equal(HttpStatusCode.NotFound, (await sn.Client.GetTaskAsync(ExpectedTaskId.Of(registry.BlobUrl(image.Name, digest)))).Status);
        await AssertPullsCostNothingAsync(registry, image, image.LayersByPlatform["linux/arm64"], [$"Authorization: {auth["Authorization"]}"]);
        Assert.DoesNotContain(RegistryServer.Password, sn.Process.Output);
    }

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_obtained_with_the_Basic_credentials()
    {
        var registry = registries.Token;
        var image = registries.TokenImage;
        var issued = registry.Tokens!.Issued;
        var auth = RegistryServer.BasicAuthorization();
        var (_, job) = await PreheatAsync(new { type = "image", url = image.ManifestUrl, headers = new Dictionary<string, string> { ["Authorization"] = auth } });
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());
        Assert.True(registry.Tokens.Issued > issued, "no token was asked for");
        // dfdaemon pulls with the token docker got; the task was warmed with ours, which the pull does not need.
        await AssertPullsCostNothingAsync(registry, image, image.AllLayers, []);
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { "unknown tag", "not found" },
        { "unknown repository", "not found" },
        { "wrong password", "refused the credentials" },
        { "no credentials", "needs credentials" },
        { "wrong password at the token service", "refused the credentials" },
        { "not a manifest URL", "is not a registry v2 manifest URL" },
        { "a manifest URL of a server that is no registry", "not a manifest" },
        { "nothing listens", "not reachable" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_preheat_that_cannot_work_fails_with_a_readable_error(string kind, string expected)
    {
        var wrong = new Dictionary<string, string> { ["Authorization"] = RegistryServer.BasicAuthorization("wrong") };
        sn.Origin.Serve("/preheat/not-an-image.bin", SeededContent.Bytes(1000, seed: 4));
        sn.Origin.Serve("/v2/demo/app/manifests/v1", "<html>a web page</html>"u8.ToArray());
        object body = kind switch
        {
            "unknown tag" => new { type = "image", url = registries.Anonymous.ManifestUrl(PreheatRegistries.Name, "nope") },
            "unknown repository" => new { type = "image", url = registries.Anonymous.ManifestUrl("no/such", "v1") },
            "wrong password" => new { type = "image", url = registries.BasicImage.ManifestUrl, headers = wrong },
            "no credentials" => new { type = "image", url = registries.BasicImage.ManifestUrl },
            "wrong password at the token service" => new { type = "image", url = registries.TokenImage.ManifestUrl, headers = wrong },
            "not a manifest URL" => new { type = "image", url = sn.Origin.Url("/preheat/not-an-image.bin") },
            "a manifest URL of a server that is no registry" => new { type = "image", url = sn.Origin.Url("/v2/demo/app/manifests/v1") },
            _ => new { type = "image", url = $"http://127.0.0.1:{FreePort.Next()}/v2/demo/app/manifests/v1" },
        };
        var (_, job) = await PreheatAsync(body);
        output.WriteLine($"{kind}: {job}");
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Contains(expected, job.GetProperty("errorMsg").GetString());
        Assert.NotEqual("1970-01-01T00:00:00.000Z", job.GetProperty("finishTime").GetString());
        Assert.DoesNotContain(RegistryServer.Password, job.ToString());
    }

    /// <summary>Starts the job and waits until it ends; returns its id and its PreheatInfo.</summary>
    private async Task<(string Id, JsonElement Job)> PreheatAsync(object body)
    {
        var created = await sn.Client.PreheatAsync(body);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Json.GetProperty("ID").GetString()!;
        return (id, await sn.Client.WaitForPreheatAsync(id, Within));
    }

    /// <summary>
    /// One simulated dfdaemon pull of each layer blob: each succeeds with the layer's bytes, from the supernode's
    /// copy, while the registry serves no blob body at all.
    /// </summary>
    private async Task AssertPullsCostNothingAsync(RegistryServer registry, PushedImage image, IReadOnlyList<string> layers, IReadOnlyList<string> headers)
    {
        var before = registry.Requests.Count;
        using var dir = new TempDir("supernode-preheat-pulls");
        await using var fleet = await PeerFleet.StartAsync(layers.Count, i => new PeerOptions
        {
            Supernodes = [sn.Process.ApiUrl],
            Url = registry.BlobUrl(image.Name, layers[i]),
            Headers = headers,
            OutputDirectory = dir.Path,
            OutputFileName = $"layer{i}",
            LocalLimit = 0,
            Seed = i,
        });
        var result = await fleet.DownloadAllAsync();
        output.WriteLine(result.FormatSummary());
        Assert.Equal(layers.Count, result.Succeeded);
        foreach (var (peer, i) in result.Peers.Select((p, i) => (p, i)))
        {
            Assert.Equal(ExpectedTaskId.Of(registry.BlobUrl(image.Name, layers[i])), peer.Download.TaskId);
            Assert.Equal(layers[i], "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(peer.Download.OutputPath))));
        }
        var during = registry.Requests.Skip(before).ToList();
        output.WriteLine($"registry during the pulls: {during.Count} requests, {during.Sum(r => r.BodyBytes)} body bytes");
        Assert.Equal(0, during.Where(r => r.Path.Contains("/blobs/", StringComparison.Ordinal)).Sum(r => r.BodyBytes));
    }
}
