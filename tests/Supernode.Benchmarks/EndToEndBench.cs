using Supernode.PeerSimulator;

namespace Supernode.Benchmarks;

/// <summary>
/// Item 4: N simulated dfget peers download one file with real bytes from one supernode: completion times, what the
/// origin sent over the file's size, the share of piece bytes served by the supernode, and where the clients' time
/// went (<see cref="DownloadBreakdown"/>).
/// </summary>
public static class EndToEndBench
{
    public sealed record Result(int Peers, long FileBytes, int Succeeded, double MedianSeconds, double MaxSeconds, long OriginBodyBytes,
        long FromSupernode, long FromPeers, IReadOnlyList<DownloadResult> Downloads)
    {
        public DownloadBreakdown Breakdown => DownloadBreakdown.Of(Downloads);

        public double OriginRatio => (double)OriginBodyBytes / FileBytes;
        public double SupernodeShare => (double)FromSupernode / Math.Max(1, FromSupernode + FromPeers);
    }

    public static async Task<Result> RunAsync(BenchSupernode sn, int peers, long length, int seed)
    {
        var path = $"/e2e-{peers}-{seed}.bin";
        var url = sn.ServeFile(path, length, seed);
        var outputs = Directory.CreateDirectory(sn.Dir.Combine("peers", $"{peers}-{seed}")).FullName;
        await using var fleet = await PeerFleet.StartAsync(peers, i => PeerOptions.Local([sn.Process.ApiUrl], url, outputs, i, TimeSpan.FromMinutes(10)));
        var result = await fleet.DownloadAllAsync();
        Directory.Delete(outputs, recursive: true);
        var times = result.Peers.Select(p => p.Download.Duration.TotalSeconds).ToArray();
        return new Result(peers, length, result.Succeeded, DataPlaneBench.Median(times), times.Max(), sn.Origin.Stats(path).BodyBytes,
            result.BytesFromSupernode, result.BytesFromPeers, [.. result.Peers.Select(p => p.Download)]);
    }
}
