using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>The disk GC of a replica with a threshold it is always under: least recently used copies go first, never one in use.</summary>
public sealed class DiskGcTests(ITestOutputHelper output)
{
    /// <summary>A size or a share of the volume, each one the volume is always under.</summary>
    [Theory]
    [InlineData("100000000GB")]
    [InlineData("100%")]
    public async Task Least_recently_used_copies_go_first_one_in_use_stays_and_a_removed_one_comes_back(string youngThreshold)
    {
        var config = Path.Combine(Path.GetTempPath(), $"supernode-gc-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, $"""
            base:
              gcInitialDelay: 0s
              gcDiskInterval: 1s
              youngGCThreshold: {youngThreshold}
              fullGCThreshold: 0B
              CleanRatio: 1
              taskExpireTime: 1s
            """);
        try
        {
            await using var h = await DownloadHarness.StartAsync(output, false, "--config", config);
            var client = new SupernodeClient(h.Supernode);

            // c first: it is the oldest, but it stays in use the way a running download keeps it: served again and again.
            var ids = new Dictionary<string, string>();
            async Task ServeCAsync() => Assert.Equal(System.Net.HttpStatusCode.PartialContent, (await client.GetPieceAsync(ids["c"], 0, 4194304)).Status);
            foreach (var name in new[] { "c", "a", "b" })
            {
                var (url, _) = h.ServeFile($"/{name}.bin", 1024 * 1024, seed: name[0]);
                var answer = await client.RegisterAsync(DfgetRegistration.For(url));
                ids[name] = answer.Json.GetProperty("data").GetProperty("taskId").GetString()!;
                await client.WaitForCdnAsync(ids[name], TimeSpan.FromSeconds(30));
                await ServeCAsync();
            }
            string DataFile(string name) => Path.Combine(h.Supernode.HomeDir, "repo", "download", ids[name][..3], ids[name]);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var goneFirst = "";
            while (File.Exists(DataFile("a")) || File.Exists(DataFile("b")))
            {
                await ServeCAsync();
                if (goneFirst.Length == 0 && !File.Exists(DataFile("a"))) goneFirst = File.Exists(DataFile("b")) ? "a" : "a and b together";
                if (goneFirst.Length == 0 && !File.Exists(DataFile("b"))) goneFirst = "b";
                Assert.True(DateTime.UtcNow < deadline, "the disk GC removed nothing in 30 s");
                await Task.Delay(50);
            }
            output.WriteLine($"removed first: {goneFirst}");
            Assert.Equal("a", goneFirst);
            for (var i = 0; i < 50; i++)
            {
                await ServeCAsync();
                await Task.Delay(50);
            }
            Assert.True(File.Exists(DataFile("c")), "the copy in use was removed");
            var metrics = (await client.GetAsync("/metrics")).Text;
            Assert.Contains("dragonfly_supernode_gc_disks_total 2", metrics);
            Assert.Contains("dragonfly_supernode_last_gc_disks_timestamp_seconds", metrics);

            // The task knows its copy is gone; a new registration makes it again.
            var task = await client.WaitForTaskAsync(ids["a"], t => t.GetProperty("cdnStatus").GetString() == "FAILED", TimeSpan.FromSeconds(10));
            h.Origin.ResetStats();
            await client.RegisterAsync(DfgetRegistration.For(h.Origin.Url("/a.bin"), n: 1));
            await client.WaitForTaskAsync(ids["a"], t => t.GetProperty("cdnStatus").GetString() == "SUCCESS", TimeSpan.FromSeconds(30));
            Assert.Equal(1024 * 1024, h.Origin.Stats("/a.bin").BodyBytes - 1);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
