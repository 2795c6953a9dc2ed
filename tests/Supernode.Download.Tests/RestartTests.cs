using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>The supernode dies and comes back while peers download; they finish with correct bytes.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Peers_mid_download_finish_after_the_supernode_is_killed_and_restarted()
    {
        // Socket activation: the ports stay open across the restart, as under systemd.
        await using var h = await DownloadHarness.StartAsync(output, holdSockets: true);
        var (url, md5) = h.ServeFile("/restart.bin", 50L * 1024 * 1024, seed: 7);
        await using var fleet = await h.FleetAsync(url, 5, (_, o) => o with { LocalLimit = 6 * 1024 * 1024 });

        var downloads = fleet.DownloadAllAsync();
        await WaitForPiecesAsync(fleet, 5, TimeSpan.FromSeconds(60));
        await h.Supernode.KillAsync();
        await h.Supernode.StartAsync();
        var result = await downloads;

        h.Report(result, md5);
        Assert.Equal(5, result.Succeeded);
    }

    /// <summary>Waits until the fleet has received <paramref name="pieces"/> pieces in all, so the kill lands mid-download.</summary>
    private static async Task WaitForPiecesAsync(PeerSimulator.PeerFleet fleet, int pieces, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (fleet.Peers.Sum(p => p.ReceivedPieces) < pieces)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {pieces} pieces received within {within}");
            await Task.Delay(50);
        }
    }
}
