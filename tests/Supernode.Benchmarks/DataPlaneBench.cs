using System.Diagnostics;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// Item 2: 4 MB ranged reads of a CDN copy, 16 readers at once, from our download port and from nginx serving the
/// same repo directory, alternated round by round in one run so both see the same machine.
/// </summary>
public static class DataPlaneBench
{
    public const int Readers = 16;

    public sealed record Result(double OursMBps, double NginxMBps, IReadOnlyList<double> OursRounds, IReadOnlyList<double> NginxRounds)
    {
        public double Ratio => OursMBps / NginxMBps;
    }

    public static async Task<Result> RunAsync(BenchSupernode sn, string taskId, int pieces, int pieceSize, int rounds, TimeSpan perRound)
    {
        await using var nginx = await NginxFileServer.StartAsync(Path.Combine(sn.Process.HomeDir, "repo"));
        var path = $"/download/{taskId[..3]}/{taskId}";
        var ours = new List<double>();
        var theirs = new List<double>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Readers, UseProxy = false });
        for (var round = 0; round < rounds; round++)
        {
            ours.Add(await ReadAsync(http, sn.Process.DownloadUrl + path, pieces, pieceSize, perRound));
            theirs.Add(await ReadAsync(http, nginx.Url + path, pieces, pieceSize, perRound));
        }
        return new Result(Median(ours), Median(theirs), ours, theirs);
    }

    /// <summary>MB/s (10⁶ bytes) read by <see cref="Readers"/> readers in <paramref name="duration"/>, each piece read as dfget asks for it.</summary>
    private static async Task<double> ReadAsync(HttpClient http, string url, int pieces, int pieceSize, TimeSpan duration)
    {
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(r => Task.Run(async () =>
        {
            var buffer = new byte[81920];
            for (var n = r; !stop.IsCancellationRequested; n += Readers)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Range", $"bytes={Wrapping.Range(n % pieces, pieceSize)}");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if ((int)response.StatusCode != 206) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
                await using var body = await response.Content.ReadAsStreamAsync();
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0) Interlocked.Add(ref bytes, read);
            }
        })));
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
