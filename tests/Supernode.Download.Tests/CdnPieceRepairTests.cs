using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>A piece of the supernode's own copy goes bad on disk: clients report it and only that piece is fetched again.</summary>
public sealed class CdnPieceRepairTests(ITestOutputHelper output)
{
    private const int PieceSize = 4 * 1024 * 1024;

    [Fact]
    public async Task A_corrupt_piece_of_the_cdn_copy_is_refetched_alone_and_the_peers_finish()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var length = 3L * (PieceSize - 5) + 1000;
        var (url, md5) = h.ServeFile("/repair.bin", length, seed: 9);
        var client = new SupernodeClient(h.Supernode);
        var registered = await client.RegisterAsync(DfgetRegistration.For(url));
        var taskId = registered.Json.GetProperty("data").GetProperty("taskId").GetString()!;
        await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60));

        var cdnFile = Path.Combine(h.Supernode.HomeDir, "repo", "download", taskId[..3], taskId);
        var good = await File.ReadAllBytesAsync(cdnFile);
        await using (var f = new FileStream(cdnFile, FileMode.Open, FileAccess.Write))
        {
            f.Position = PieceSize + 100;
            f.WriteByte((byte)(good[PieceSize + 100] ^ 0xFF));
        }
        h.Origin.ResetStats();

        await using var fleet = await h.FleetAsync(url, 2);
        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(2, result.Succeeded);
        Assert.Contains(result.Peers, p => p.Download.PieceErrorsReported > 0);
        Assert.Equal(good, await File.ReadAllBytesAsync(cdnFile));
        var refetch = Assert.Single(h.Origin.Stats("/repair.bin").Requests);
        Assert.Equal($"bytes={PieceSize - 5}-{2L * (PieceSize - 5) - 1}", refetch.Range);
    }
}
