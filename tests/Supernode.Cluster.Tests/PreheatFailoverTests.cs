using System.Diagnostics;
using System.Net;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// The replica running an image preheat is killed mid-way; the job resumes on another replica
/// (recovered from PostgreSQL by the keeper's next call) and reaches SUCCESS with every layer warmed.
/// </summary>
public sealed class PreheatFailoverTests(ITestOutputHelper output)
{
    private const int Layers = 6;

    [Fact]
    public async Task Killing_the_replica_that_runs_an_image_preheat_resumes_the_job_elsewhere_to_SUCCESS()
    {
        // Each replica fetches sources at 4 MiB/s: warming 6 × 8 MiB takes seconds, so the kill lands mid-way.
        await using var h = await ClusterHarness.StartAsync(output, "--max-bandwidth", "24M", "--system-bandwidth", "20M");
        await using var registry = await RegistryServer.StartAsync();
        var image = await registry.PushAsync("failover/app", "v1", ["linux/amd64"], layersPerPlatform: Layers, layerBytes: 8 * 1024 * 1024, seed: 9);
        var client = new SupernodeClient(h.Balancer.Url, "");

        var created = await client.PreheatAsync(new { type = "image", url = image.ManifestUrl });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("ID").GetString()!;
        // Killed as soon as its copies run: none can end before 2 s (8 MiB at 4 MiB/s).
        var runner = await UntilAsync(() => h.Replicas.SingleOrDefault(r => r.Output.Contains($"Preheat {id}: {Layers} tasks to warm")), "the job's layers resolved");
        var before = await client.GetAsync($"/preheats/{id}");
        h.Log($"killing replica {runner.ApiPort}, which runs the job: {before.Text.Trim()}");
        Assert.Equal("RUNNING", before.Json.GetProperty("status").GetString());

        var clock = Stopwatch.StartNew();
        await runner.KillAsync();
        var resumer = await UntilAsync(() => h.Replicas.FirstOrDefault(r => r.IsRunning && r.Output.Contains($"Preheat {id} resumed")), "the job resumed",
            TimeSpan.FromSeconds(90));
        var resumedAfter = clock.Elapsed;
        var job = await client.WaitForPreheatAsync(id, TimeSpan.FromSeconds(120));
        h.Log($"resumed on replica {resumer.ApiPort} {resumedAfter.TotalSeconds:0.0} s after the kill; {job.GetProperty("status")} "
              + $"{clock.Elapsed.TotalSeconds:0.0} s after it: {job}");

        foreach (var line in h.Replicas.Where(r => r.IsRunning).SelectMany(r => r.Output.Split('\n'))
                     .Where(l => l.Contains(id) || l.Contains("left the cluster") || l.Contains("unreachable", StringComparison.OrdinalIgnoreCase) || l.Contains("SBR"))
                     .Order())
            h.Log(line);
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());
        foreach (var digest in image.AllLayers)
        {
            var task = await h.TaskAsync(ExpectedTaskId.Of(registry.BlobUrl(image.Name, digest)));
            Assert.Equal("SUCCESS", task.GetProperty("cdnStatus").GetString());
        }
        // One incarnation at a time: every resume happened on a live replica after the kill, and the job ended once.
        Assert.Single(h.Replicas, r => r.Output.Contains($"Preheat {id} succeeded"));
    }

    /// <summary>Polls <paramref name="probe"/> (every 100 ms) until it gives a value; fails after <paramref name="within"/> (default 60 s).</summary>
    private static async Task<T> UntilAsync<T>(Func<T?> probe, string what, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value) return value;
            if (deadline.Elapsed > (within ?? TimeSpan.FromSeconds(60))) throw new TimeoutException($"{what}: not within {within ?? TimeSpan.FromSeconds(60)}");
            await Task.Delay(100);
        }
    }
}
