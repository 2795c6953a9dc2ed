using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Supernode.Testing;

/// <summary>
/// A source for the supernode to fetch: a real Kestrel server on 127.0.0.1 serving registered files (byte arrays,
/// or files on disk for large ones) with per-file behaviour (<see cref="OriginFileOptions"/>), and counting what
/// it did per path (<see cref="Stats"/>). Files can be added, replaced or reconfigured while it runs.
/// <code>
/// await using var origin = new LoopbackOrigin();
/// origin.Serve("/a.bin", bytes, new OriginFileOptions { ETag = "\"v1\"" });
/// await origin.StartAsync();
/// var url = origin.Url("/a.bin");
/// ... origin.Stats("/a.bin").CompleteBodies
/// </code>
/// </summary>
/// <param name="address">Where it listens: 127.0.0.1 unless given (any of 127.0.0.0/8 works on Linux).</param>
public sealed class LoopbackOrigin(IPAddress? address = null) : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>A stalled answer is given up by the origin itself after this, so no test can hang on it.</summary>
    private static readonly TimeSpan LongestStall = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, ServedFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<OriginRequest>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _resets = new(StringComparer.Ordinal);
    private LoopbackHttpServer? _server;

    public int Port => Server.Port;

    public string BaseUrl => Server.BaseUrl;

    /// <summary>TCP connections that reached the origin, whatever followed.</summary>
    public int Connections => Server.Connections;

    /// <summary>The URL of <paramref name="pathAndQuery"/> (starting with '/'); a query is ignored when serving.</summary>
    public string Url(string pathAndQuery) => BaseUrl + pathAndQuery;

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/>, replacing what was there.</summary>
    public void Serve(string path, byte[] content, OriginFileOptions? options = null) =>
        Put(path, new ServedFile(content, null, content.Length, options ?? new OriginFileOptions()));

    /// <summary>Serves the file at <paramref name="diskPath"/> (read on each request, for contents too large for memory).</summary>
    public void ServeFile(string path, string diskPath, OriginFileOptions? options = null) =>
        Put(path, new ServedFile(null, diskPath, new FileInfo(diskPath).Length, options ?? new OriginFileOptions()));

    /// <summary>Changes how an already served file is served.</summary>
    public void SetOptions(string path, OriginFileOptions options) => Put(path, _files[path] with { Options = options });

    /// <summary>New options start their count of cut answers (<see cref="OriginFileOptions.ResetTimes"/>) afresh.</summary>
    private void Put(string path, ServedFile file)
    {
        _files[path] = file;
        _resets.TryRemove(path, out _);
    }

    /// <summary>Stops serving <paramref name="path"/> (404 from now on).</summary>
    public void Remove(string path) => _files.TryRemove(path, out _);

    public async Task StartAsync() => _server = await LoopbackHttpServer.StartAsync(HandleAsync, address: address);

    /// <summary>What was asked for <paramref name="path"/> so far, in the order the answers ended.</summary>
    public OriginPathStats Stats(string path)
    {
        if (!_requests.TryGetValue(path, out var list)) return OriginPathStats.None;
        lock (list)
        {
            var copy = list.ToArray();
            return new OriginPathStats(copy, copy.Count(r => r.Complete && r.Method == "GET"), copy.Sum(r => r.BodyBytes));
        }
    }

    public void ResetStats() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private LoopbackHttpServer Server => _server ?? throw new InvalidOperationException("call StartAsync first");

    private async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        var path = request.Path.Value ?? "/";
        var answer = new Answer();
        try
        {
            await AnswerAsync(ctx, path, answer);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away mid-body.
        }
        finally
        {
            var record = new OriginRequest(request.Method, Header(request, "Range"), Header(request, "If-Modified-Since"),
                Header(request, "If-None-Match"), ctx.Response.StatusCode, answer.BodyBytes, answer.Complete);
            var list = _requests.GetOrAdd(path, _ => []);
            lock (list) list.Add(record);
        }
    }

    private async Task AnswerAsync(HttpContext ctx, string path, Answer answer)
    {
        var request = ctx.Request;
        var response = ctx.Response;
        if (!_files.TryGetValue(path, out var file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var o = file.Options;
        if (o.RedirectTo is { } location)
        {
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.Location = location;
            return;
        }
        if (o.ForcedStatus is { } forced)
        {
            response.StatusCode = forced;
            return;
        }
        if (o.BodyStatus is { } bodyStatus && Header(request, "Range") != "bytes=0-0")
        {
            response.StatusCode = bodyStatus;
            return;
        }
        if (o.RequiredHeader is { } required && request.Headers[required.Key] != required.Value)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Basic realm=\"origin\"";
            return;
        }
        if (o.LastModified is { } lm) response.Headers.LastModified = lm.ToString("r", CultureInfo.InvariantCulture);
        if (o.ETag is { } tag) response.Headers.ETag = tag;
        if (IsNotModified(request, o))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        long start = 0, count = file.Length;
        if (o.SupportsRange)
        {
            response.Headers.AcceptRanges = "bytes";
            var range = Header(request, "Range");
            if (range is not null && TryParseRange(range, file.Length, out start, out count))
            {
                if (count == 0)
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{file.Length}";
                    return;
                }
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{file.Length}";
            }
        }
        response.ContentType = "application/octet-stream";
        if (!o.Chunked)
            response.ContentLength = response.StatusCode == 200 && o.DeclaredLength is { } declared ? declared : count;
        if (HttpMethods.IsHead(request.Method)) return;
        var resetAfter = Earliest(CutAfter(path, o, count), o.BreakAtOffset - start);
        await WriteBodyAsync(ctx, file, start, count, resetAfter, o.StallAtOffset - start, answer);
    }

    /// <summary>Where this answer's body of <paramref name="count"/> bytes is to be cut off (a reset), if it is; counts the answers cut so far.</summary>
    private long? CutAfter(string path, OriginFileOptions o, long count)
    {
        // An answer too short to be cut (a first-byte probe) does not count.
        if (o.ResetAfterBytes is not { } reset || reset >= count) return null;
        if (o.ResetTimes is not { } times) return reset;
        var cut = _resets.AddOrUpdate(path, 1, (_, n) => n + 1);
        return cut <= times ? reset : null;
    }

    /// <summary>The first of two body positions (negative: before this answer's start, so never reached).</summary>
    private static long? Earliest(long? a, long? b) =>
        (a is >= 0 ? a : null, b is >= 0 ? b : null) switch
        {
            ({ } x, { } y) => Math.Min(x, y),
            (var x, var y) => x ?? y,
        };

    /// <param name="resetAfter">Body bytes after which the connection is aborted.</param>
    /// <param name="stallAfter">Body bytes after which nothing more is sent.</param>
    private static async Task WriteBodyAsync(HttpContext ctx, ServedFile file, long start, long count, long? resetAfter, long? stallAfter, Answer answer)
    {
        var o = file.Options;
        var body = ctx.Response.Body;
        var chunk = o.BytesPerSecond is { } bps ? (int)Math.Clamp(bps / 20, 1, ChunkBytes) : ChunkBytes;
        var buffer = new byte[chunk];
        await using var disk = file.DiskPath is null ? null : new FileStream(file.DiskPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var clock = Stopwatch.StartNew();
        while (answer.BodyBytes < count)
        {
            var n = (int)Math.Min(chunk, count - answer.BodyBytes);
            if (resetAfter is { } reset && reset < count)
            {
                n = (int)Math.Min(n, reset - answer.BodyBytes);
                if (n <= 0)
                {
                    // Let the client take what was sent, then drop the connection.
                    await body.FlushAsync(ctx.RequestAborted);
                    if (o.HoldResetUntil is { } hold) await hold(ctx.RequestAborted).WaitAsync(LongestStall, ctx.RequestAborted);
                    else await Task.Delay(50);
                    ctx.Abort();
                    return;
                }
            }
            if (stallAfter is { } stall && stall >= 0 && stall < count)
            {
                n = (int)Math.Min(n, stall - answer.BodyBytes);
                if (n <= 0)
                {
                    await body.FlushAsync(ctx.RequestAborted);
                    await Task.Delay(LongestStall, ctx.RequestAborted);
                    ctx.Abort();
                    return;
                }
            }
            var offset = start + answer.BodyBytes;
            if (file.Content is not null)
            {
                file.Content.AsSpan((int)offset, n).CopyTo(buffer);
            }
            else
            {
                disk!.Position = offset;
                await disk.ReadExactlyAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
            }
            await body.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
            answer.BodyBytes += n;
            if (o.BytesPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds((double)answer.BodyBytes / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, ctx.RequestAborted);
            }
        }
        await body.FlushAsync(ctx.RequestAborted);
        answer.Complete = true;
    }

    /// <summary>RFC 7232: If-None-Match decides when present, else If-Modified-Since (to the second).</summary>
    private static bool IsNotModified(HttpRequest request, OriginFileOptions o)
    {
        if (Header(request, "If-None-Match") is { } inm)
            return o.ETag is not null && (inm.Trim() == "*" || inm.Split(',').Any(t => t.Trim() == o.ETag));
        if (Header(request, "If-Modified-Since") is { } ims && o.LastModified is { } lm
            && DateTimeOffset.TryParseExact(ims, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            return lm.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
        return false;
    }

    /// <summary>
    /// One range <c>bytes=a-b</c>, <c>a-</c> or <c>-n</c>; false (serve 200) when the header is not that.
    /// A start past the end gives <paramref name="count"/> 0 (416).
    /// </summary>
    private static bool TryParseRange(string header, long length, out long start, out long count)
    {
        start = count = 0;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',')) return false;
        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var a = spec[..dash].Trim();
        var b = spec[(dash + 1)..].Trim();
        if (a.Length == 0)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0) return false;
            start = Math.Max(0, length - suffix);
            count = length - start;
            return true;
        }
        if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out start)) return false;
        var last = length - 1;
        if (b.Length > 0)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end < start) return false;
            last = Math.Min(end, length - 1);
        }
        count = start >= length ? 0 : last - start + 1;
        return true;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    private sealed record ServedFile(byte[]? Content, string? DiskPath, long Length, OriginFileOptions Options);

    private sealed class Answer
    {
        public long BodyBytes;
        public bool Complete;
    }
}
