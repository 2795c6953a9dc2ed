using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>
/// Source faults beyond those of the gateway's OriginFailureTests: a slow source, a reset in the middle of
/// the body, a stall, a wrong Content-Length, a 5xx on the download after a good probe. The clients see the protocol's
/// answers, nothing partial is served as complete, and once the source is fixed the next registration recovers.
/// </summary>
public sealed class SourceFaultTests(ITestOutputHelper output)
{
    private const int Per = CopyChecks.PieceSize - 5;

    [Fact]
    public async Task A_slow_source_is_copied_to_its_end_while_the_clients_wait_and_then_finish()
    {
        await using var h = await DownloadHarness.StartAsync(output, args: ["--source-read-timeout", "2s"]);
        var (url, md5) = h.ServeFile("/slow.bin", 2L * Per + 1000, seed: 21,
            new OriginFileOptions { ETag = "\"slow\"", BytesPerSecond = 2_000_000 });
        await using var fleet = await h.FleetAsync(url, 2);

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(2, result.Succeeded);
        Assert.Contains(result.Peers, p => p.Download.Waits > 0);
        // The whole body took longer than the read timeout: only a silence counts, not the length of the stream.
        Assert.True(result.Elapsed > TimeSpan.FromSeconds(2), $"the download took {result.Elapsed}, the source was not slow");
        Assert.Equal(1, h.Origin.Stats("/slow.bin").PlainGets);
        output.WriteLine($"8 MB at 2 MB/s: {result.Elapsed.TotalSeconds:0.0} s, waits {string.Join(',', result.Peers.Select(p => p.Download.Waits))}");
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_the_body_is_resumed_with_a_range_and_the_clients_finish()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var length = 3L * Per + 1000;
        var (url, md5) = h.ServeFile("/reset.bin", length, seed: 22,
            new OriginFileOptions
            {
                ETag = "\"reset\"", ResetAfterBytes = Per + Per / 2, ResetTimes = 1,
                HoldResetUntil = ct => OneWholePieceOnDisk(h, "/reset.bin", ct),
            });
        await using var fleet = await h.FleetAsync(url, 2);

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(2, result.Succeeded);
        var bodies = BodyGets(h.Origin.Stats("/reset.bin"));
        output.WriteLine(string.Join('\n', h.Origin.Stats("/reset.bin").Requests));
        output.WriteLine(string.Join('\n', h.Supernode.Output.Split('\n').Where(l => l.Contains("copy", StringComparison.OrdinalIgnoreCase))));
        Assert.Equal(2, bodies.Count);
        Assert.Null(bodies[0].Range);
        Assert.False(bodies[0].Complete);
        Assert.Equal($"bytes={Per}-{length - 1}", bodies[1].Range);
        var fetched = bodies.Sum(r => r.BodyBytes);
        Assert.InRange(fetched, length, length + Per);
        output.WriteLine($"{length} bytes of content, {fetched} body bytes from the source ({fetched - length} fetched twice)");
    }

    [Fact]
    public async Task A_stalled_source_fails_the_copy_after_the_read_timeout_and_the_next_registration_recovers()
    {
        await using var h = await DownloadHarness.StartAsync(output, args: ["--source-read-timeout", "1s"]);
        var length = 2L * Per + 1000;
        var options = new OriginFileOptions { ETag = "\"stall\"", StallAtOffset = Per + 10 };
        var (url, md5) = h.ServeFile("/stall.bin", length, seed: 23, options);
        var client = new SupernodeClient(h.Supernode);

        var (_, failedAfter) = await CopyChecks.FailsCleanlyAsync(client, url, h.Dir.Combine("origin_stall.bin"));

        output.WriteLine($"stalled copy FAILED {failedAfter.TotalSeconds:0.0} s after the registration");

        h.Origin.SetOptions("/stall.bin", options with { StallAtOffset = null });
        await CopyChecks.RecoversAsync(h, url, md5);
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(-700)]
    public async Task A_wrong_content_length_fails_the_copy_and_the_next_registration_recovers(int lie)
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var length = Per + 1000L;
        var options = new OriginFileOptions { ETag = "\"cl\"", DeclaredLength = length + lie };
        var (url, md5) = h.ServeFile("/length.bin", length, seed: 24, options);
        var client = new SupernodeClient(h.Supernode);

        var (_, failedAfter) = await CopyChecks.FailsCleanlyAsync(client, url, h.Dir.Combine("origin_length.bin"));
        output.WriteLine($"Content-Length off by {lie}: copy FAILED {failedAfter.TotalSeconds:0.0} s after the registration");

        h.Origin.SetOptions("/length.bin", options with { DeclaredLength = null });
        await CopyChecks.RecoversAsync(h, url, md5);
    }

    [Fact]
    public async Task A_5xx_on_the_download_after_a_good_probe_fails_the_copy_and_the_next_registration_recovers()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var options = new OriginFileOptions { ETag = "\"5xx\"", BodyStatus = 503 };
        var (url, md5) = h.ServeFile("/5xx.bin", Per + 1000L, seed: 25, options);
        var client = new SupernodeClient(h.Supernode);

        var (taskId, failedAfter) = await CopyChecks.FailsCleanlyAsync(client, url, h.Dir.Combine("origin_5xx.bin"));

        // The probe (a first-byte range) was answered: the registration knew the length, only the download failed.
        Assert.Equal(Per + 1000L, (await client.GetTaskAsync(taskId)).Json.GetProperty("httpFileLength").GetInt64());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetPieceAsync(taskId, 0, CopyChecks.PieceSize)).Status);
        output.WriteLine($"503 on the download: copy FAILED {failedAfter.TotalSeconds:0.0} s after the registration");

        h.Origin.SetOptions("/5xx.bin", options with { BodyStatus = null });
        await CopyChecks.RecoversAsync(h, url, md5);
    }

    /// <summary>The source's answers that carried (or were to carry) the content: GETs other than the first-byte probe.</summary>
    /// <summary>The copy has written its first piece: the reset then costs it exactly the half piece after it.</summary>
    private static Task OneWholePieceOnDisk(DownloadHarness h, string path, CancellationToken ct)
    {
        var taskId = ExpectedTaskId.Of(h.Origin.Url(path));
        var data = Path.Combine(h.Supernode.HomeDir, "repo", "download", taskId[..3], taskId);
        return Poll.UntilAsync(() => File.Exists(data) && new FileInfo(data).Length >= CopyChecks.PieceSize, TimeSpan.FromSeconds(30),
            "the copy's first piece on disk").WaitAsync(ct);
    }

    private static List<OriginRequest> BodyGets(OriginPathStats stats) =>
        stats.Requests.Where(r => r.Method == "GET" && r.Range != "bytes=0-0" && r.IfNoneMatch is null && r.IfModifiedSince is null).ToList();
}
