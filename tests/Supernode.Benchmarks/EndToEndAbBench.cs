using System.Globalization;
using Supernode.PeerSimulator;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// Two supernode builds side by side (e.g. the previous commit's and this one's), alternated round by round on one
/// machine: three simulated dfget clients, each a process of its own, download one new file of each size with no
/// rate limit. Per build and size: the median of the rounds' wall times (registration to the last client's end) and
/// the 602 answers per client; per round, where the clients' time went (<see cref="DownloadBreakdown"/>).
/// <c>supernode-bench e2e BASE_DLL NEW_DLL [ROUNDS]</c>.
/// </summary>
public static class EndToEndAbBench
{
    public static readonly long[] Sizes = [200L * 1024 * 1024, 50L * 1024 * 1024];

    public sealed record Round(string Build, long Size, double WallSeconds, double WaitsPerClient, double SupernodeShare, int Succeeded);

    public static async Task<List<Round>> RunAsync(string baseDll, string newDll, int rounds)
    {
        var all = new List<Round>();
        for (var round = 0; round < rounds; round++)
        foreach (var size in Sizes)
        foreach (var (build, dll) in round % 2 == 0 ? new[] { ("base", baseDll), ("new", newDll) } : [("new", newDll), ("base", baseDll)])
        {
            Environment.SetEnvironmentVariable("SUPERNODE_GATEWAY_DLL", dll);
            await using var sn = await BenchSupernode.StartAsync();
            var url = sn.ServeFile($"/e2e-{size}-{round}.bin", size, seed: round + 1);
            var dir = sn.Dir.Combine("clients");
            await using var clients = PeerProcesses.Start(RepoPaths.PeerSimulatorDll, 3, $"127.0.0.1:{sn.Process.ApiPort}", url, dir,
                _ => ["--locallimit", "0"]);
            var result = await clients.WaitAsync(TimeSpan.FromMinutes(5));
            var r = new Round(build, size, result.Peers.Max(p => p.Download.Duration.TotalSeconds),
                result.Peers.Average(p => (double)p.Download.Waits),
                (double)result.BytesFromSupernode / Math.Max(1, result.BytesFromSupernode + result.BytesFromPeers), result.Succeeded);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round} {build,-4} {size / (1024 * 1024),4} MB: {r.WallSeconds:F2} s, {r.WaitsPerClient:F1} 602s per client, {r.SupernodeShare:P0} of the bytes from the supernode, {r.Succeeded}/3 ok"));
            Console.WriteLine("    " + DownloadBreakdown.Of([.. result.Peers.Select(p => p.Download)]).Describe());
            all.Add(r);
        }
        foreach (var size in Sizes)
        {
            double Median(string build) => DataPlaneBench.Median(all.Where(r => r.Build == build && r.Size == size).Select(r => r.WallSeconds).ToArray());
            double Waits(string build) => all.Where(r => r.Build == build && r.Size == size).Average(r => r.WaitsPerClient);
            double Share(string build) => all.Where(r => r.Build == build && r.Size == size).Average(r => r.SupernodeShare);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size / (1024 * 1024)} MB: base median {Median("base"):F2} s ({Waits("base"):F1} 602s per client, {Share("base"):P0} from the supernode), " +
                $"new {Median("new"):F2} s ({Waits("new"):F1}, {Share("new"):P0}); new/base {Median("new") / Median("base"):F2}"));
        }
        return all;
    }
}
