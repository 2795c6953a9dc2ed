using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Diagnostics.NETCore.Client;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>enableProfiler</c> (<c>--profiler</c>): the runtime's own diagnostics on the API port, where the Go supernode
/// mounts pprof. <c>/debug/pprof/profile?seconds=N</c> streams an EventPipe trace of CPU samples and runtime events
/// for N seconds (a <c>.nettrace</c> file: PerfView, or <c>dotnet-trace convert --format speedscope</c>);
/// <c>/debug/pprof/heap</c> answers the GC's view of the managed heap. Both need the admin token when one is set:
/// a trace shows the process's inner workings and costs CPU while it runs. Off by default, as in Go.
/// </summary>
public static class ProfilerEndpoints
{
    public const int DefaultSeconds = 30;
    public const int MaxSeconds = 300;

    /// <summary>What <c>dotnet-trace</c>'s cpu-sampling profile asks for: the sampler and the runtime's default keywords.</summary>
    private static readonly EventPipeProvider[] CpuSampling =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x14C14FCCBD),
    ];

    public static void MapProfiler(this WebApplication app, bool enabled)
    {
        if (!enabled) return;
        app.MapGet("/debug/pprof", () => Results.Text(
            "profile?seconds=N  CPU samples and runtime events for N seconds (default 30, at most 300), as a .nettrace file\n" +
            "heap               the managed heap as the GC sees it (JSON)\n")).RequireAdminToken();
        app.MapGet("/debug/pprof/profile", ProfileAsync).RequireAdminToken();
        app.MapGet("/debug/pprof/heap", () => GoJson.Body(StatusCodes.Status200OK, HeapView.Now())).RequireAdminToken();
    }

    private static async Task<IResult> ProfileAsync(HttpContext http, string? seconds, CancellationToken ct)
    {
        var duration = DefaultSeconds;
        if (seconds is not null && (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration is < 1 or > MaxSeconds))
            return GoJson.Error(StatusCodes.Status400BadRequest, $"seconds must be a whole number from 1 to {MaxSeconds}");
        using var session = await new DiagnosticsClient(Environment.ProcessId).StartEventPipeSessionAsync(CpuSampling, requestRundown: true, circularBufferMB: 256, ct);
        http.Response.ContentType = "application/octet-stream";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"supernode-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.nettrace\"";
        var copy = session.EventStream.CopyToAsync(http.Response.Body, ct);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(duration), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The operator went away: the session stops all the same.
        }
        // Stopping flushes the rundown (method names) into the stream, which then ends.
        await session.StopAsync(CancellationToken.None);
        try
        {
            await copy;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
        }
        return Results.Empty;
    }

    private sealed record HeapView(
        [property: JsonPropertyName("heapSizeBytes")] long HeapSizeBytes,
        [property: JsonPropertyName("fragmentedBytes")] long FragmentedBytes,
        [property: JsonPropertyName("committedBytes")] long CommittedBytes,
        [property: JsonPropertyName("totalAllocatedBytes")] long TotalAllocatedBytes,
        [property: JsonPropertyName("generationSizesBytes")] long[] GenerationSizesBytes,
        [property: JsonPropertyName("collections")] int[] Collections,
        [property: JsonPropertyName("pauseTimePercentage")] double PauseTimePercentage)
    {
        /// <summary>As of the last collection (generations 0-2, large and pinned object heaps).</summary>
        public static HeapView Now()
        {
            var gc = GC.GetGCMemoryInfo();
            return new HeapView(gc.HeapSizeBytes, gc.FragmentedBytes, gc.TotalCommittedBytes, GC.GetTotalAllocatedBytes(),
                [.. gc.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes)],
                [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount)], gc.PauseTimePercentage);
        }
    }
}
