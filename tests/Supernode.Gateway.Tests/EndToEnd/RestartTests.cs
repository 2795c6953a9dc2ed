using System.Net;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// After the process stops (SIGTERM) or dies (SIGKILL) and starts again on the same home dir,
/// the task is still known and registering its URL again revalidates the copy on disk: the origin answers 304 and
/// sends no body byte, and the pieces served are still the same bytes.
/// </summary>
public sealed class RestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LoopbackOrigin _origin = new();
    private readonly TempDir _home = new("supernode-e2e-restart");
    private readonly List<SupernodeProcess> _processes = [];

    public Task InitializeAsync() => _origin.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.KillAsync();
            // Shown with a failed test: what each incarnation logged.
            output.WriteLine($"--- supernode on port {p.ApiPort}, exit code {p.ExitCode}:\n{p.Output}");
        }
        await _origin.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public Task After_a_graceful_stop_the_task_is_known_and_the_copy_is_reused_without_body_bytes() =>
        RestartAsync(p => p.StopAsync());

    [Fact]
    public Task After_a_kill_the_task_is_known_and_the_copy_is_reused_without_body_bytes() =>
        RestartAsync(p => p.KillAsync());

    private async Task RestartAsync(Func<SupernodeProcess, Task> stop)
    {
        var content = SeededContent.Bytes(2 * 4194299 + 4321, seed: 3);
        // Validators, so the copy can be revalidated with a conditional GET (docs/protocol.md).
        _origin.Serve("/restart.bin", content,
            new OriginFileOptions { ETag = "\"v1\"", LastModified = DateTimeOffset.UtcNow.AddHours(-1) });
        var url = _origin.Url("/restart.bin");
        var taskId = ExpectedTaskId.Of(url);

        var first = await StartAsync();
        var client = new SupernodeClient(first);
        Expect.Registered(await client.RegisterAsync(DfgetRegistration.For(url)), taskId, content.Length);
        Expect.CopySucceeded(await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        await stop(first);
        Assert.False(first.IsRunning);

        _origin.ResetStats();
        client = new SupernodeClient(await StartAsync());

        var known = await client.GetTaskAsync(taskId);
        Assert.Equal(HttpStatusCode.OK, known.Status);
        Expect.CopySucceeded(known.Json, taskId, content);
        // The copy is on this replica's disk, which has a new cluster address (a random remoting port): it shows that one.
        Assert.Equal(known.Json.GetProperty("entityNode").GetString(), known.Json.GetProperty("cdnNode").GetString());

        Expect.Registered(await client.RegisterAsync(DfgetRegistration.For(url, 1)), taskId, content.Length);
        Expect.CopySucceeded(await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        await Expect.ServedExactly(client, taskId, content);

        var stats = _origin.Stats("/restart.bin");
        Assert.Equal(0, stats.BodyBytes);
        Assert.Contains(stats.Requests, r => r.Status == 304 && (r.IfNoneMatch == "\"v1\"" || r.IfModifiedSince is not null));
    }

    [Fact]
    public async Task A_copy_killed_midway_is_resumed_with_a_range_request_after_the_restart()
    {
        const int perPiece = Expect.PieceSize - 5;
        var content = SeededContent.Bytes(3 * perPiece + 777, seed: 4);
        // Slow enough to kill the process with the copy part-way; ranges and validators make it resumable.
        _origin.Serve("/resume.bin", content, new OriginFileOptions { ETag = "\"r1\"", BytesPerSecond = 4 * 1024 * 1024 });
        var url = _origin.Url("/resume.bin");
        var taskId = ExpectedTaskId.Of(url);

        var first = await StartAsync();
        var client = new SupernodeClient(first);
        Expect.Registered(await client.RegisterAsync(DfgetRegistration.For(url)), taskId, content.Length);
        await client.WaitForTaskAsync(taskId, t => t.GetProperty("piecesWritten").GetInt32() >= 1, TimeSpan.FromSeconds(30));
        await first.KillAsync();
        // The origin records an answer once it ends: the cut one ends when the origin notices the dead connection.
        await Poll.UntilAsync(() => _origin.Stats("/resume.bin").Requests.Any(r => !r.Complete), TimeSpan.FromSeconds(10), "the cut answer recorded");
        var fetchedBefore = _origin.Stats("/resume.bin").BodyBytes;
        Assert.True(fetchedBefore < content.Length, $"the copy ended before the kill ({fetchedBefore} bytes)");

        _origin.ResetStats();
        _origin.SetOptions("/resume.bin", new OriginFileOptions { ETag = "\"r1\"" });
        client = new SupernodeClient(await StartAsync());
        Expect.Registered(await client.RegisterAsync(DfgetRegistration.For(url, 1)), taskId, content.Length);
        Expect.CopySucceeded(await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        await Expect.ServedExactly(client, taskId, content);
        Expect.CompleteOnDisk(new Repo(_home.Path), taskId, url, content);

        // One whole-piece-aligned range to the end, and nothing fetched from the start again.
        var stats = _origin.Stats("/resume.bin");
        var requests = string.Join("; ", stats.Requests);
        var resume = Assert.Single(stats.Requests, r => r.Range is not null && r.Range != "bytes=0-0");
        var range = resume.Range!;
        var from = long.Parse(range["bytes=".Length..range.IndexOf('-')]);
        Assert.True(from > 0 && from % perPiece == 0, requests);
        Assert.Equal($"bytes={from}-{content.Length - 1}", range);
        Assert.True(resume.Status == 206 && resume.Complete, requests);
        Assert.DoesNotContain(stats.Requests, r => r.Method == "GET" && r.Range is null && r.BodyBytes > 0);
        Assert.True(stats.BodyBytes <= content.Length - from + stats.Requests.Count, requests);
    }

    private async Task<SupernodeProcess> StartAsync()
    {
        var process = new SupernodeProcess(_home.Path);
        _processes.Add(process);
        await process.StartAsync();
        return process;
    }
}
