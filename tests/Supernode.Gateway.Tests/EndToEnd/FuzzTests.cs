using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// A bounded, seeded fuzz of every route of <c>docs/openapi.json</c> (hostile path segments, query
/// values, JSON and form bodies, stray headers) against a real supernode. Every answer is a status the route
/// documents (or a limit's 4xx), a 5xx only where the protocol has one and then as a JSON error, never a stack
/// trace or a hang; afterwards the process runs and the task and peer it had are as they were.
/// </summary>
public sealed partial class FuzzTests(SupernodeFixture sn, ITestOutputHelper output) : IClassFixture<SupernodeFixture>
{
    private const int Seed = 20261123;
    private const int RequestsPerRoute = 100;

    /// <summary>What any route may answer to a request it cannot even read: malformed, too large, wrong method or path.</summary>
    private static readonly HashSet<int> RequestStatuses = [301, 400, 404, 405, 411, 413, 414, 415, 431];

    [Fact]
    public async Task Hostile_requests_on_every_route_get_documented_answers_and_change_nothing()
    {
        var (taskId, peerId) = await KnownTaskAndPeerAsync();
        var taskBefore = Comparable((await sn.Client.GetTaskAsync(taskId)).Json);
        var values = new HostileValues(Seed);
        var problems = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();

        foreach (var op in OpenApiOperation.All)
        {
            for (var i = 0; i < RequestsPerRoute; i++)
            {
                var path = Placeholder().Replace(op.Template, _ => values.Segment()) + values.Query(op.Query);
                var mediaType = op.BodyTypes.Count > 0 ? op.BodyTypes[i % op.BodyTypes.Count] : "application/json";
                var body = op.BodyTypes.Count > 0 || values.OneIn(4) ? values.Body(op.Fields, mediaType) : null;
                var headers = values.OneIn(5) ? new Dictionary<string, string> { [$"X-Fuzz-{i}"] = values.HeaderText() } : null;
                RawAnswer answer;
                try
                {
                    answer = await sn.Client.SendAsync(new HttpMethod(op.Method), path, body, headers, mediaType: mediaType);
                }
                catch (UriFormatException)
                {
                    continue; // the client cannot even write this target; nothing was sent
                }
                catch (TaskCanceledException)
                {
                    problems.Add($"{op} {Shorten(path)}: no answer within 30 s");
                    continue;
                }
                sent++;
                var status = (int)answer.Status;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (Problem(op, answer) is { } problem) problems.Add($"{op} {Shorten(path)} {Shorten(body ?? "")}: {problem}");
            }
        }

        output.WriteLine($"{sent} requests over {OpenApiOperation.All.Count} routes in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed})");
        output.WriteLine("answers by status: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(problems.Count == 0, $"{problems.Count} bad answers:\n" + string.Join("\n", problems.Take(25)));

        await sn.AssertAliveAsync();
        Assert.Equal(taskBefore, Comparable((await sn.Client.GetTaskAsync(taskId)).Json));
        Assert.Equal(HttpStatusCode.OK, (await sn.Client.GetAsync($"/api/v1/peers/{peerId}")).Status);
        await Expect.ServedExactly(sn.Client, taskId, Content);
    }

    private static readonly byte[] Content = SeededContent.Bytes(5000, seed: 9);

    /// <summary>What is wrong with an answer, or null.</summary>
    private static string? Problem(OpenApiOperation op, RawAnswer answer)
    {
        var status = (int)answer.Status;
        if (answer.Text.Contains("   at ", StringComparison.Ordinal) || answer.Text.Contains("Exception", StringComparison.Ordinal))
            return $"{status} with a stack trace or exception: {Shorten(answer.Text)}";
        if (status is 503 or 504) return $"{status}: something did not answer in time";
        if (!op.Statuses.Contains(status) && !RequestStatuses.Contains(status)) return $"undocumented status {status}: {Shorten(answer.Text)}";
        if (status < 500) return null;
        try
        {
            var message = answer.Json.GetProperty("message").GetString();
            return string.IsNullOrWhiteSpace(message) ? $"{status} without a message" : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return $"{status} without a JSON error: {Shorten(answer.Text)}";
        }
    }

    private async Task<(string TaskId, string PeerId)> KnownTaskAndPeerAsync()
    {
        var url = sn.Origin.Url("/fuzz/known.bin");
        sn.Origin.Serve("/fuzz/known.bin", Content);
        var registration = DfgetRegistration.For(url);
        var answer = await sn.Client.RegisterAsync(registration);
        var taskId = answer.Json.GetProperty("data").GetProperty("taskId").GetString()!;
        await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        // The peer record follows the registration's answer.
        string? peerId = null;
        await Poll.UntilAsync(async () =>
        {
            var peers = (await sn.Client.GetAsync("/api/v1/peers")).Json;
            peerId = peers.EnumerateArray().SingleOrDefault(p => p.GetProperty("IP").GetString() == registration.Ip) is { ValueKind: JsonValueKind.Object } peer
                ? peer.GetProperty("ID").GetString()
                : null;
            return peerId is not null;
        }, TimeSpan.FromSeconds(10), "the peer recorded");
        return (taskId, peerId!);
    }

    /// <summary>The task as GET shows it, without what moves by itself (access times).</summary>
    private static string Comparable(JsonElement task) =>
        string.Join(",", task.EnumerateObject().Where(p => !p.Name.Contains("Time", StringComparison.OrdinalIgnoreCase)).Select(p => $"{p.Name}={p.Value}"));

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
