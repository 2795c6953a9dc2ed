using System.Collections.Concurrent;
using System.Diagnostics;
using Supernode.Testing;

namespace Supernode.Cluster.Tests;

/// <summary>
/// A steady stream of registrations of new tasks, one at a time, each with dfget's own deadline: what each got, and
/// which tasks were acknowledged (HTTP 200, code 200).
/// </summary>
internal sealed class RegistrationLoad(SupernodeClient client, LoopbackOrigin origin, TimeSpan clientTimeout)
{
    /// <summary>The answer of a registration that got none within the client's deadline.</summary>
    public const string TimedOut = "timed out";

    public ConcurrentBag<string> Acknowledged { get; } = [];
    public ConcurrentQueue<Outcome> Outcomes { get; } = new();

    /// <summary>One registration of <paramref name="Url"/>: <c>"status/code"</c> for a 200 answer, the HTTP status otherwise, or <see cref="TimedOut"/>.</summary>
    public sealed record Outcome(string Url, string Answer, TimeSpan Took);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var path = $"/load-{n}.bin";
            var url = origin.Url(path);
            origin.Serve(path, SeededContent.Bytes(1024, n));
            var watch = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(clientTimeout);
            try
            {
                var answer = await client.RegisterAsync(DfgetRegistration.For(url, n), deadline.Token);
                var ok = answer.Status == System.Net.HttpStatusCode.OK;
                var code = ok ? answer.Json.GetProperty("code").GetInt32() : 0;
                Outcomes.Enqueue(new Outcome(url, ok ? $"200/{code}" : ((int)answer.Status).ToString(), watch.Elapsed));
                if (code == 200) Acknowledged.Add(answer.Json.GetProperty("data").GetProperty("taskId").GetString()!);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Outcomes.Enqueue(new Outcome(url, TimedOut, watch.Elapsed));
            }
            // A steady trickle, not a flood: the point is registrations that span the outage.
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
