using System.Diagnostics;
using System.Globalization;
using Supernode.Testing;

namespace Supernode.Benchmarks;

/// <summary>
/// A dfget registration of a task the supernode does not know yet, one at a time on a warm node: what a single client
/// waits before its download starts, the source probe and the write of the new task included.
/// </summary>
public static class NewTaskRegistrationBench
{
    /// <param name="FirstMs">The first registration after the node reported ready.</param>
    public sealed record Result(int Count, double P50Ms, double P90Ms, double P99Ms, double FirstMs);

    public static async Task<Result> RunAsync(BenchSupernode sn, int count)
    {
        var url = sn.ServeFile("/new-task.bin", 1024 * 1024, seed: 5);
        var first = Stopwatch.StartNew();
        await RegisterAsync(sn, $"{url}?first");
        var firstMs = first.Elapsed.TotalMilliseconds;
        // Warm: the first registrations of a started process run code not yet optimised.
        for (var i = 0; i < 20; i++) await RegisterAsync(sn, $"{url}?warm={i}");
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await RegisterAsync(sn, $"{url}?task={i}");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            // A client's registration, not a storm: the copy it started runs meanwhile.
            await Task.Delay(10);
        }
        latencies.Sort();
        return new Result(count, At(0.5), At(0.9), At(0.99), firstMs);

        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
    }

    private static async Task RegisterAsync(BenchSupernode sn, string url)
    {
        var answer = await sn.Client.RegisterAsync(DfgetRegistration.For(url));
        if (answer.Json.GetProperty("code").GetInt32() != 200) throw new InvalidOperationException($"registration refused: {answer}");
    }

    public static string Describe(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"new task registration, one at a time: p50 {r.P50Ms:F1} ms, p90 {r.P90Ms:F1} ms, p99 {r.P99Ms:F1} ms ({r.Count}); the first after ready {r.FirstMs:F1} ms");
}
