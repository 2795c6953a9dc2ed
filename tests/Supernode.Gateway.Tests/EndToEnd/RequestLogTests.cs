using System.Text;
using System.Text.Json;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// One structured line per request in app.log: route, status, latency, task and client; the hot dfget routes and the
/// registrations answered 200 only at Debug, the latter told by their task in one line per batch.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class RequestLogTests(SupernodeFixture sn)
{
    [Fact]
    public async Task Admin_requests_are_logged_with_their_route_status_latency_and_task_and_hot_routes_are_not()
    {
        var path = "/logs/file.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(500, seed: 8));
        var url = sn.Origin.Url(path);
        var taskId = ExpectedTaskId.Of(url);
        var registration = DfgetRegistration.For(url);
        Expect.Registered(await sn.Client.RegisterAsync(registration), taskId, 500);
        await sn.Client.GetAsync($"/v1.24/peer/task?taskId={taskId}&srcCid={registration.Cid}&dstCid=&status=700");
        await sn.Client.GetTaskAsync(taskId);

        var lines = await LinesAsync(l => l.TryGetProperty("Route", out _), l => l.GetProperty("Route").GetString() == "/api/v1/tasks/{id}"
            && l.TryGetProperty("TaskId", out var t) && t.GetString() == taskId);
        var read = lines.Last(l => l.GetProperty("Route").GetString() == "/api/v1/tasks/{id}");
        Assert.Equal(200, read.GetProperty("StatusCode").GetInt32());
        Assert.True(read.GetProperty("Elapsed").GetDouble() >= 0);
        Assert.Equal("GET", read.GetProperty("RequestMethod").GetString());
        Assert.DoesNotContain(lines, l => l.GetProperty("Route").GetString() is "/peer/task" or "/peer/piece/suc" or "/metrics");
        Assert.DoesNotContain(lines, l => l.GetProperty("Route").GetString() == "/peer/registry" && l.TryGetProperty("TaskId", out var t) && t.GetString() == taskId);
    }

    [Fact]
    public async Task Registrations_answered_200_are_told_by_their_task_in_one_line_and_a_refused_one_by_its_request()
    {
        var path = "/logs/fleet.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(500, seed: 9));
        var url = sn.Origin.Url(path);
        var taskId = ExpectedTaskId.Of(url);
        var registrations = Enumerable.Range(0, 5).Select(i => DfgetRegistration.For(url, n: i) with { Port = 15100 + i }).ToList();
        foreach (var r in registrations) Expect.Registered(await sn.Client.RegisterAsync(r), taskId, 500);
        // A registration the gateway refuses (no URL) is one line of its own.
        Assert.Equal(400, (int)(await sn.Client.PostRegistryAsync("""{"cid":"127.0.0.1-9-1.000"}"""u8.ToArray(), "application/json")).Status);

        var lines = await LinesAsync(_ => true, l => TallyOf(l, taskId));
        var tally = lines.Single(l => TallyOf(l, taskId));
        Assert.Equal((5, 5), (tally.GetProperty("Registrations").GetInt32(), tally.GetProperty("Clients").GetInt32()));
        Assert.Contains(lines, l => l.TryGetProperty("Route", out var route) && route.GetString() == "/peer/registry"
            && l.GetProperty("StatusCode").GetInt32() == 400);
        Assert.DoesNotContain(lines, l => l.TryGetProperty("Route", out var route) && route.GetString() == "/peer/registry"
            && l.TryGetProperty("TaskId", out var t) && t.GetString() == taskId);
    }

    [Fact]
    public async Task The_REST_protocols_hot_calls_and_registrations_log_at_debug_and_its_refusals_at_information()
    {
        var path = "/logs/rest.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(500, seed: 10));
        var peer = await sn.Client.SendAsync(HttpMethod.Post, "/api/v1/peers", """{"IP":"127.0.0.1","hostName":"logs-rest","port":15150}""");
        var peerId = peer.Json.GetProperty("ID").GetString();
        var created = await sn.Client.SendAsync(HttpMethod.Post, "/tasks",
            $$"""{"cID":"logs-rest","peerID":"{{peerId}}","path":"/peer/file/logs","rawURL":"{{sn.Origin.Url(path)}}"}""");
        var taskId = created.Json.GetProperty("ID").GetString()!;
        await sn.Client.GetAsync($"/api/v1/tasks/{taskId}/pieces?clientID=logs-rest");
        await sn.Client.SendAsync(HttpMethod.Put, $"/tasks/{taskId}/pieces/0-4194303", """{"clientID":"logs-rest","dstPID":"x","pieceStatus":"FAILED"}""");
        Assert.Equal(400, (int)(await sn.Client.SendAsync(HttpMethod.Post, "/api/v1/tasks", """{"cID":"logs-rest-bad"}""")).Status);

        var lines = await LinesAsync(l => l.TryGetProperty("Route", out _), l => l.GetProperty("Route").GetString() == "/api/v1/tasks"
            && l.GetProperty("StatusCode").GetInt32() == 400);
        // The registration, the pull and the report of this task's client: none at Information.
        Assert.DoesNotContain(lines, l => l.TryGetProperty("TaskId", out var t) && t.GetString() == taskId);
        Assert.Contains(lines, l => l.GetProperty("Route").GetString() == "/api/v1/tasks" && l.GetProperty("StatusCode").GetInt32() == 400);
    }

    private static bool TallyOf(JsonElement line, string taskId) =>
        line.TryGetProperty("Registrations", out _) && line.TryGetProperty("TaskId", out var t) && t.GetString() == taskId;

    /// <summary>The request lines of app.log once one satisfies <paramref name="until"/> (the file sink writes as it goes).</summary>
    private async Task<List<JsonElement>> LinesAsync(Func<JsonElement, bool> select, Func<JsonElement, bool> until)
    {
        var file = Path.Combine(sn.Process.HomeDir, "logs", "app.log");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                var text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(deadline.Token);
                var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(select).ToList();
                if (lines.Any(until)) return lines;
            }
            await Task.Delay(100, deadline.Token);
        }
    }
}
