using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Supernode.Cdn;

/// <summary>
/// The download port (docs/protocol.md): serves CDN data files read-only, as the Go supernode's nginx
/// does, and nothing else. Only <c>GET</c>/<c>HEAD /download/&lt;3 hex&gt;/&lt;64 hex&gt;</c> whose first segment
/// starts the second is looked up, matched on the raw request target, so no encoding or dot segment can reach
/// another file. A file still being copied is served as far as it is written now.
/// </summary>
public sealed partial class DownloadPortHandler(string repoDir, ByteRateLimiter? uploadBudget = null, CdnUsage? usage = null)
{
    public string RepoDir { get; } = Path.GetFullPath(repoDir);

    /// <summary>The handler of a download-port Kestrel server: <c>app.Run(DownloadPortHandler.For(repoDir))</c>.</summary>
    /// <param name="uploadBudget">Bytes per second all answers of the port may send together; null for no limit.</param>
    /// <param name="usage">Where each serving is recorded (the disk GC spares copies served lately).</param>
    public static RequestDelegate For(string repoDir, ByteRateLimiter? uploadBudget = null, CdnUsage? usage = null) =>
        new DownloadPortHandler(repoDir, uploadBudget, usage).HandleAsync;

    private const int ThrottledChunk = 64 * 1024;

    public async Task HandleAsync(HttpContext ctx)
    {
        var response = ctx.Response;
        var target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var query = target.IndexOf('?');
        var match = CdnFilePath().Match(query < 0 ? target : target[..query]);
        if (!match.Success || !match.Groups[2].ValueSpan.StartsWith(match.Groups[1].ValueSpan))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var isHead = HttpMethods.IsHead(ctx.Request.Method);
        if (!isHead && !HttpMethods.IsGet(ctx.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var taskId = match.Groups[2].Value;
        var path = Path.Combine(RepoDir, CdnRepo.DownloadBucket, match.Groups[1].Value, taskId);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var size = file.Length;
        var range = ByteRange.Parse(ctx.Request.Headers.Range, size);
        response.Headers.AcceptRanges = "bytes";
        if (range.Outcome == ByteRange.Kind.NotSatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{size}";
            response.ContentLength = 0;
            return;
        }

        var (offset, count) = range.Outcome == ByteRange.Kind.Partial ? (range.Start, range.Length) : (0L, size);
        if (range.Outcome == ByteRange.Kind.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Start}-{range.Last}/{size}";
        }
        usage?.Served(taskId);
        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        if (isHead) return;
        try
        {
            if (uploadBudget is { IsLimited: true } budget) await SendThrottledAsync(response, path, offset, count, budget, ctx.RequestAborted);
            else await response.SendFileAsync(path, offset, count, ctx.RequestAborted);
        }
        catch (FileNotFoundException) when (!response.HasStarted)
        {
            // Deleted between the look-up and the read (a task reset or collected).
            response.Clear();
            response.StatusCode = StatusCodes.Status404NotFound;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>The file range in chunks, each charged to the port's budget (sendfile would bypass it).</summary>
    private static async Task SendThrottledAsync(HttpResponse response, string path, long offset, long count, ByteRateLimiter budget, CancellationToken ct)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ThrottledChunk);
        try
        {
            for (var sent = 0L; sent < count;)
            {
                var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(ThrottledChunk, count - sent)), offset + sent, ct);
                if (n == 0) throw new IOException($"{path} ended early");
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

    [GeneratedRegex("^/download/([0-9a-f]{3})/([0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CdnFilePath();
}
