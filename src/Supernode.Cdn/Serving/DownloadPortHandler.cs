using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Supernode.Cdn.Serving;

/// <summary>
/// The download port carried by Kestrel, for TLS (docs/protocol.md): the answer of <see cref="FileAnswer"/>, its body
/// copied through user space as TLS must encrypt it. Plain HTTP is served by <see cref="DownloadPortServer"/>, which
/// hands the file to the kernel instead.
/// </summary>
public sealed class DownloadPortHandler(string repoDir, ByteRateLimiter? uploadBudget = null, CdnUsage? usage = null)
{
    public string RepoDir { get; } = Path.GetFullPath(repoDir);

    /// <summary>The handler of a download-port Kestrel server: <c>app.Run(DownloadPortHandler.For(repoDir))</c>.</summary>
    /// <param name="uploadBudget">Bytes per second all answers of the port may send together; null for no limit.</param>
    /// <param name="usage">Where each serving is recorded (the disk GC spares copies served lately).</param>
    public static RequestDelegate For(string repoDir, ByteRateLimiter? uploadBudget = null, CdnUsage? usage = null) =>
        new DownloadPortHandler(repoDir, uploadBudget, usage).HandleAsync;

    private const int Chunk = 64 * 1024;

    public async Task HandleAsync(HttpContext ctx)
    {
        var response = ctx.Response;
        var target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        using var answer = FileAnswer.Decide(RepoDir, ctx.Request.Method, target, ctx.Request.Headers.Range, usage);
        response.StatusCode = answer.Status;
        DownloadPortMetrics.Answered(answer.Status, 0);
        if (answer.Status == StatusCodes.Status405MethodNotAllowed) response.Headers.Allow = "GET, HEAD";
        if (answer.File is null) return;
        response.Headers.AcceptRanges = "bytes";
        if (answer.ContentRange is not null) response.Headers.ContentRange = answer.ContentRange;
        response.ContentLength = answer.Count;
        if (answer.ServesFile) response.ContentType = "application/octet-stream";
        if (!answer.SendsBody) return;
        try
        {
            await CopyAsync(response, answer, uploadBudget ?? ByteRateLimiter.Unlimited, ctx.RequestAborted);
            DownloadPortMetrics.Bytes.Inc(answer.Count);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>The file range in chunks, each charged to the port's budget.</summary>
    private static async Task CopyAsync(HttpResponse response, FileAnswer answer, ByteRateLimiter budget, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            for (var sent = 0L; sent < answer.Count;)
            {
                var n = await RandomAccess.ReadAsync(answer.File!.SafeFileHandle, buffer.AsMemory(0, (int)Math.Min(Chunk, answer.Count - sent)), answer.Offset + sent, ct);
                if (n == 0) throw new IOException($"{answer.File.Name} ended early");
                await budget.TakeAsync(n, ct);
                await response.Body.WriteAsync(buffer.AsMemory(0, n), ct);
                sent += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
