using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>A long CDN copy is not silent: progress lines with bytes, rate and time left, and a byte counter that moves while it runs.</summary>
public sealed class CopyProgressTests : IAsyncLifetime
{
    private const long FileLength = 12L * 1024 * 1024;
    private readonly TempDir _dir = new("supernode-copy-progress");
    private readonly LoopbackOrigin _origin = new();
    private SupernodeProcess _sn = null!;

    public async Task InitializeAsync()
    {
        await _origin.StartAsync();
        // Sources at 2 MiB/s: the copy takes about 6 s.
        _sn = new SupernodeProcess(_dir.Combine("home"), "--max-bandwidth", "22MB", "--system-bandwidth", "20MB");
        await _sn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sn.DisposeAsync();
        await _origin.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_throttled_copy_logs_its_progress_and_counts_its_bytes_before_it_ends()
    {
        var file = _dir.Combine("slow.bin");
        SeededContent.WriteFile(file, FileLength, seed: 31);
        _origin.ServeFile("/slow.bin", file, new OriginFileOptions());
        var url = _origin.Url("/slow.bin");
        var client = new SupernodeClient(_sn);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.RegisterAsync(DfgetRegistration.For(url))).Status);
        var taskId = ExpectedTaskId.Of(url);

        var countedWhileRunning = new List<double>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetTaskAsync(taskId, deadline.Token)).Json.GetProperty("cdnStatus").GetString() is "WAITING" or "RUNNING")
        {
            var metrics = PrometheusText.Parse((await client.GetAsync("/metrics", deadline.Token)).Text);
            countedWhileRunning.Add(metrics.Samples.Where(s => s.Name == "dragonfly_supernode_cdn_download_size_bytes_total").Sum(s => s.Value));
            await Task.Delay(300, deadline.Token);
        }
        Assert.Equal("SUCCESS", (await client.GetTaskAsync(taskId)).Json.GetProperty("cdnStatus").GetString());

        // Part of the file counted while the copy ran. (Not the largest sample: after its last byte the copy still checks
        // the file and records its end, and a sample then counts every byte with the copy still RUNNING.)
        Assert.Contains(countedWhileRunning, counted => counted is > 0 and < FileLength);
        var lines = _sn.Output.Split('\n');
        var progress = lines.Where(l => l.Contains($"Task {taskId}: copy ", StringComparison.Ordinal) && l.Contains($" of {FileLength} bytes (", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progress);
        Assert.Matches(@"at \d+ of \d+ bytes \(\d+ %\), \d+\.\d MB/s, about \d+ s left", progress[0]);
        var done = Array.FindIndex(lines, l => l.Contains($"Task {taskId}: copy ", StringComparison.Ordinal) && l.Contains(" succeeded ", StringComparison.Ordinal));
        Assert.True(done > Array.IndexOf(lines, progress[0]), _sn.Output);
        Assert.Matches(@"bytes from the source in \d+\.\d s \(\d+\.\d MB/s\)", lines[done]);
    }
}
