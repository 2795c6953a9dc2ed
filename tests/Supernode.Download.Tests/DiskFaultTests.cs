using System.Net;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>
/// Disk faults: the repo's volume fills up during a CDN copy, or a copy's data file becomes unreadable or
/// shorter under the supernode. The copy fails cleanly or is made again, no cut piece is served, the process stays up.
/// </summary>
public sealed class DiskFaultTests(ITestOutputHelper output)
{
    private const int Per = CopyChecks.PieceSize - 5;

    [Fact]
    public async Task A_full_disk_fails_the_copy_cleanly_and_the_next_registration_succeeds_once_space_returns()
    {
        await using var h = await DownloadHarness.StartOnSmallDiskAsync(output, repoMiB: 24);
        var (url, md5) = h.ServeFile("/big.bin", 3L * Per + 1000, seed: 31);
        // Room for the first piece and part of the second.
        var filler = h.RepoDisk!.Fill("filler", leaveFreeBytes: 6L << 20);
        var client = new SupernodeClient(h.Supernode);

        var (taskId, failedAfter) = await CopyChecks.FailsCleanlyAsync(client, url, h.Dir.Combine("origin_big.bin"));

        // The piece whose write failed was cut off the file.
        var data = new FileInfo(DataPath(h, taskId));
        if (data.Exists) Assert.Equal(0, data.Length % CopyChecks.PieceSize);
        Assert.True(h.Supernode.IsRunning);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).Status);
        output.WriteLine($"disk full: copy FAILED {failedAfter.TotalSeconds:0.0} s after the registration, " +
                         $"{(data.Exists ? data.Length : 0)} bytes of whole pieces kept");

        File.Delete(filler);
        await CopyChecks.RecoversAsync(h, url, md5);
    }

    [Fact]
    public async Task A_data_file_replaced_by_a_directory_is_not_served_and_the_copy_is_made_again()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5, client, taskId, data) = await CopiedAsync(h, "/dir.bin", 2L * Per + 1000, seed: 32);

        File.Delete(data);
        Directory.CreateDirectory(data);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPieceAsync(taskId, 0, CopyChecks.PieceSize)).Status);
        await CopyChecks.RecoversAsync(h, url, md5);
        Assert.True(File.Exists(data), "the copy was not made again");
    }

    [Fact]
    public async Task A_data_file_truncated_under_the_supernode_serves_no_garbage_and_the_clients_finish()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5, client, taskId, data) = await CopiedAsync(h, "/cut.bin", 3L * Per + 1000, seed: 33);

        await using (var f = new FileStream(data, FileMode.Open, FileAccess.Write)) f.SetLength(CopyChecks.PieceSize + CopyChecks.PieceSize / 2);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.GetPieceAsync(taskId, 2, CopyChecks.PieceSize)).Status);
        var cut = await client.GetPieceAsync(taskId, 1, CopyChecks.PieceSize);
        // HTTP's own answer to a range past the end: the bytes there are, labelled as such, never other bytes.
        Assert.Equal(HttpStatusCode.PartialContent, cut.Status);
        Assert.Equal($"bytes {CopyChecks.PieceSize}-{CopyChecks.PieceSize + CopyChecks.PieceSize / 2 - 1}/{CopyChecks.PieceSize + CopyChecks.PieceSize / 2}", cut.ContentRange);
        await CopyChecks.RecoversAsync(h, url, md5);
    }

    private static string DataPath(DownloadHarness h, string taskId) =>
        Path.Combine(h.Supernode.HomeDir, "repo", "download", taskId[..3], taskId);

    /// <summary>Serves <paramref name="length"/> bytes at <paramref name="path"/> and has the supernode copy them, successfully.</summary>
    private static async Task<(string Url, string Md5, SupernodeClient Client, string TaskId, string DataPath)> CopiedAsync(
        DownloadHarness h, string path, long length, int seed)
    {
        var (url, md5) = h.ServeFile(path, length, seed);
        var client = new SupernodeClient(h.Supernode);
        var (taskId, _) = await CopyChecks.RegisterAsync(client, url);
        Assert.Equal("SUCCESS", (await client.WaitForCdnAsync(taskId, CopyChecks.CopyWithin)).GetProperty("cdnStatus").GetString());
        return (url, md5, client, taskId, DataPath(h, taskId));
    }
}
