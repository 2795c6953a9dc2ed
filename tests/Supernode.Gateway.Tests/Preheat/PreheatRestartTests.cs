using System.Diagnostics;
using System.Net;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.Preheat;

/// <summary>
/// Preheat jobs are durable. After a full restart every job still answers as it was, a job that was running
/// resumes and succeeds, a re-POST of a finished job answers 208; finished jobs are collected after the retention.
/// </summary>
public sealed class PreheatRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TempDir _home = new("supernode-preheat-restart");
    private readonly LoopbackOrigin _origin = new();

    public Task InitializeAsync() => _origin.StartAsync();

    public async Task DisposeAsync()
    {
        await _origin.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task After_a_full_restart_every_job_answers_a_running_one_resumes_and_a_finished_one_answers_208()
    {
        await using var registry = await RegistryServer.StartAsync();
        var image = await registry.PushAsync("restart/app", "v1", ["linux/amd64"], seed: 7);
        _origin.Serve("/restart/done.bin", SeededContent.Bytes(1024 * 1024, seed: 71));
        _origin.Serve("/restart/slow.bin", SeededContent.Bytes(12 * 1024 * 1024, seed: 72), new OriginFileOptions { BytesPerSecond = 2 * 1024 * 1024 });
        await using var sn = new SupernodeProcess(_home.Path);
        await sn.StartAsync();
        var client = new SupernodeClient(sn);

        var finished = new Dictionary<string, object>
        {
            [await StartAsync(client, new { type = "file", url = _origin.Url("/restart/done.bin") })] = new { type = "file", url = _origin.Url("/restart/done.bin") },
            [await StartAsync(client, new { type = "image", url = image.ManifestUrl })] = new { type = "image", url = image.ManifestUrl },
            [await StartAsync(client, new { type = "file", url = _origin.Url("/restart/missing.bin") })] = new { type = "file", url = _origin.Url("/restart/missing.bin") },
        };
        var before = new Dictionary<string, string>();
        foreach (var id in finished.Keys) before[id] = (await client.WaitForPreheatAsync(id, Within)).ToString();
        var running = await StartAsync(client, new { type = "file", url = _origin.Url("/restart/slow.bin") });
        await client.WaitForAsync($"/preheats/{running}", p => p.GetProperty("status").GetString() == "RUNNING", Within);

        await sn.StopAsync(TimeSpan.FromSeconds(30));
        await sn.StartAsync();
        var clock = Stopwatch.StartNew();

        foreach (var (id, answer) in before)
        {
            var now = await client.GetAsync($"/preheats/{id}");
            Assert.Equal(HttpStatusCode.OK, now.Status);
            Assert.Equal(answer, now.Json.ToString());
        }
        var resumed = await client.WaitForPreheatAsync(running, Within);
        output.WriteLine($"the running job ended {resumed.GetProperty("status")} {clock.Elapsed.TotalSeconds:0.0} s after the restart");
        Assert.Equal("SUCCESS", resumed.GetProperty("status").GetString());
        Assert.Contains($"Preheat {running} resumed", sn.Output);

        foreach (var (id, body) in finished.Where(f => before[f.Key].Contains("SUCCESS")))
        {
            var again = await client.PreheatAsync(body);
            Assert.Equal(HttpStatusCode.AlreadyReported, again.Status);
            Assert.Contains($"id:{id}", again.Text);
        }
    }

    [Fact]
    public async Task A_finished_job_is_collected_after_the_retention_time()
    {
        _origin.Serve("/retention/a.bin", SeededContent.Bytes(1000, seed: 73));
        await using var sn = new SupernodeProcess(_home.Path, "--preheat-retention", "2s");
        await sn.StartAsync();
        var client = new SupernodeClient(sn);
        var body = new { type = "file", url = _origin.Url("/retention/a.bin") };
        var id = await StartAsync(client, body);
        Assert.Equal("SUCCESS", (await client.WaitForPreheatAsync(id, Within)).GetProperty("status").GetString());

        var clock = Stopwatch.StartNew();
        while ((await client.GetAsync($"/preheats/{id}")).Status != HttpStatusCode.NotFound)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the finished job was not collected within 30 s");
            await Task.Delay(200);
        }
        output.WriteLine($"collected {clock.Elapsed.TotalSeconds:0.0} s after it finished");
        // The log line travels through the actor system's logger to stdout: it may follow the 404 by a moment.
        await Poll.UntilAsync(() => sn.Output.Contains($"Preheat {id} collected"), TimeSpan.FromSeconds(5), "the collection logged");
        Assert.Equal(HttpStatusCode.Created, (await client.PreheatAsync(body)).Status);
    }

    private static async Task<string> StartAsync(SupernodeClient client, object body)
    {
        var created = await client.PreheatAsync(body);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Json.GetProperty("ID").GetString()!;
    }
}
