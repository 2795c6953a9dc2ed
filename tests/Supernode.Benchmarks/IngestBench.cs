using System.Diagnostics;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// Item 3: nginx on loopback serves a large file; the time from registration to CDN SUCCESS (the source streamed
/// into wrapped pieces on disk, md5s computed) against <c>curl -o</c> of the same URL into the same directory,
/// alternated round by round. Each round of ours is a new task (a query the source ignores), so nothing is reused.
/// </summary>
public static class IngestBench
{
    public sealed record Result(long Bytes, double OursSeconds, double CurlSeconds)
    {
        public double OursMBps => Bytes / 1e6 / OursSeconds;
        public double CurlMBps => Bytes / 1e6 / CurlSeconds;
        public double Ratio => CurlSeconds / OursSeconds;
    }

    public static async Task<Result> RunAsync(BenchSupernode sn, long length, int rounds)
    {
        var sourceDir = Directory.CreateDirectory(sn.Dir.Combine("ingest-source")).FullName;
        SeededContent.WriteFile(Path.Combine(sourceDir, "big.bin"), length, seed: 77);
        await using var nginx = await NginxFileServer.StartAsync(sourceDir);
        var curlTarget = Path.Combine(sn.Process.HomeDir, "repo", "curl.bin");
        var ours = new List<double>();
        var curl = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var taskId = await sn.CopyAsync($"{nginx.Url}/big.bin?round={round}", TimeSpan.FromMinutes(10));
            ours.Add(clock.Elapsed.TotalSeconds);
            DeleteCopy(sn, taskId);

            clock.Restart();
            using (var process = Process.Start("curl", ["-sS", "-o", curlTarget, $"{nginx.Url}/big.bin"]))
            {
                await process.WaitForExitAsync();
                if (process.ExitCode != 0) throw new InvalidOperationException($"curl exited with {process.ExitCode}");
            }
            curl.Add(clock.Elapsed.TotalSeconds);
            File.Delete(curlTarget);
        }
        return new Result(length, DataPlaneBench.Median(ours), DataPlaneBench.Median(curl));
    }

    /// <summary>Frees the disk between rounds, so each round writes to a volume as full as the last.</summary>
    private static void DeleteCopy(BenchSupernode sn, string taskId)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(sn.Process.HomeDir, "repo", "download", taskId[..3]), taskId + "*"))
            File.Delete(file);
    }
}
