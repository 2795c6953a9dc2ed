using System.Net;
using System.Text;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary><c>--profiler</c>: a CPU trace and the heap's statistics over HTTP; without it, no such route.</summary>
public sealed class ProfilerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDir _home = new("supernode-e2e-profiler");
    private readonly List<SupernodeProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
            output.WriteLine(p.Output);
        }
        _home.Dispose();
    }

    private async Task<SupernodeClient> StartAsync(string name, params string[] args)
    {
        var process = new SupernodeProcess(_home.Combine(name), args);
        _processes.Add(process);
        await process.StartAsync();
        return new SupernodeClient(process);
    }

    [Fact]
    public async Task With_the_profiler_a_cpu_trace_and_the_heap_are_served_and_bad_durations_refused()
    {
        var client = await StartAsync("on", "--profiler");

        var trace = await client.GetAsync("/debug/pprof/profile?seconds=1");
        Assert.Equal(HttpStatusCode.OK, trace.Status);
        // A nettrace stream opens with its magic and names the format of what follows.
        Assert.StartsWith("Nettrace", Encoding.ASCII.GetString(trace.Body, 0, 8));
        Assert.True(trace.Body.Length > 10_000, $"{trace.Body.Length} bytes of trace");
        output.WriteLine($"1 s trace: {trace.Body.Length} bytes");

        var heap = await client.GetAsync("/debug/pprof/heap");
        Assert.Equal(HttpStatusCode.OK, heap.Status);
        Assert.True(heap.Json.GetProperty("heapSizeBytes").GetInt64() > 0);
        Assert.Equal(3, heap.Json.GetProperty("collections").GetArrayLength());

        foreach (var bad in new[] { "0", "301", "x", "-1" })
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/debug/pprof/profile?seconds={bad}")).Status);
    }

    [Fact]
    public async Task Without_the_profiler_there_is_no_such_route()
    {
        var client = await StartAsync("off");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/debug/pprof/heap")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/debug/pprof/profile?seconds=1")).Status);
    }
}
