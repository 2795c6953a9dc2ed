using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Cdn.Guard;

namespace Supernode.Cdn;

/// <summary>
/// The supernode's HTTP client towards task sources (docs/protocol.md). It stores bytes exactly as served: no
/// automatic decompression and no <c>Accept-Encoding</c>. The task headers are sent as given; they may carry
/// credentials, so nothing here logs them. One connection pool per distinct TLS setting. Every connection is opened
/// by the <see cref="SourceGuard"/>, which refuses denied schemes, hosts and addresses, redirects included.
/// </summary>
/// <param name="probeTimeout">Budget of each look at the source that reads no body.</param>
/// <param name="guard">The replica's SSRF guard, the connect step of every origin connection.</param>
/// <param name="readTimeout">Longest wait for the next bytes of a body (default <see cref="CdnSettings.DefaultSourceReadTimeout"/>).</param>
public sealed class OriginClient(TimeSpan probeTimeout, SourceGuard guard, TimeSpan? readTimeout = null) : IDisposable
{
    private readonly ConcurrentDictionary<OriginTls, Lazy<HttpClient>> _clients = new();

    public TimeSpan ProbeTimeout { get; } = probeTimeout;

    /// <inheritdoc cref="SourceGuard.CheckUrl"/>
    public SourceVerdict CheckUrl(string url) => guard.CheckUrl(url);

    /// <summary>A body read that brings nothing for this long fails with <see cref="SourceReadException"/>.</summary>
    public TimeSpan ReadTimeout { get; } = readTimeout ?? CdnSettings.DefaultSourceReadTimeout;

    /// <summary>
    /// Registration-time look at the source: a GET of the first byte (unless the task asks for its own Range),
    /// headers only, within <see cref="ProbeTimeout"/>.
    /// </summary>
    public async Task<SourceProbe> ProbeAsync(TaskSource source, CancellationToken ct)
    {
        // Checked before the request too: through a proxy, the connection the guard sees is the proxy's.
        if (CheckUrl(source.RawUrl) is { Allowed: false } refused) return Denied(refused);
        var ownRange = AsksForRange(source);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var request = NewRequest(source);
            if (!ownRange) request.Headers.TryAddWithoutValidation("Range", "bytes=0-0");
            using var response = await ClientFor(source).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                // Our own first-byte range tells the total in Content-Range; a task's own Range is the content.
                206 when !ownRange => Reachable(status, TotalOf(response.Content.Headers.ContentRange)),
                200 or 206 => Reachable(status, response.Content.Headers.ContentLength ?? -1),
                416 when !ownRange && response.Content.Headers.ContentRange is { Length: 0 } => Reachable(status, 0),
                404 => new SourceProbe(SourceProbeOutcome.NotFound, -1, status, "not found"),
                401 or 407 => new SourceProbe(SourceProbeOutcome.AuthRequired, -1, status, "authentication required"),
                _ => new SourceProbe(SourceProbeOutcome.Reachable, -1, status, $"unexpected status {status}; the copy will still try"),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SourceProbe(SourceProbeOutcome.Reachable, -1, 0, $"no answer within {ProbeTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (SourceDeniedException.Of(e) is { } denied)
        {
            return Denied(denied.Verdict);
        }
        catch (HttpRequestException e)
        {
            return new SourceProbe(SourceProbeOutcome.Unreachable, -1, 0, Describe(e));
        }

        static SourceProbe Reachable(int status, long length) => new(SourceProbeOutcome.Reachable, length, status, "");
        static SourceProbe Denied(SourceVerdict verdict) => new(SourceProbeOutcome.Denied, -1, 0, verdict.Reason);
    }

    /// <summary>
    /// Whether a copy made from an answer with these validators is stale (Go IsExpired): a conditional GET; only
    /// 304 keeps it. Without any validator it is stale without asking; when the source cannot be asked it is kept.
    /// </summary>
    public async Task<bool> IsExpiredAsync(TaskSource source, long lastModified, string eTag, CancellationToken ct)
    {
        if (lastModified <= 0 && eTag.Length == 0) return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var request = NewRequest(source);
            if (lastModified > 0) request.Headers.TryAddWithoutValidation("If-Modified-Since", HttpDate(lastModified));
            if (eTag.Length > 0) request.Headers.TryAddWithoutValidation("If-None-Match", eTag);
            using var response = await ClientFor(source).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode != HttpStatusCode.NotModified;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Whether the source answers a first-byte Range request with 206 (Go IsSupportRange).</summary>
    public async Task<bool> SupportsRangeAsync(TaskSource source, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var request = NewRequest(source);
            request.Headers.TryAddWithoutValidation("Range", "bytes=0-0");
            using var response = await ClientFor(source).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode == HttpStatusCode.PartialContent;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// GETs the content, from byte <paramref name="resumeFrom"/> on when it is above 0 (then only 206 is
    /// accepted, starting exactly there); else 200 or 206. Throws <see cref="OriginException"/> for any other
    /// answer and <see cref="HttpRequestException"/> when there is none. Reads of the body that fail or stall throw
    /// <see cref="SourceReadException"/>.
    /// </summary>
    public async Task<OriginDownload> DownloadAsync(TaskSource source, long resumeFrom, long contentLength, CancellationToken ct)
    {
        if (resumeFrom <= 0) return await GetAsync(source, null, ct);
        if (contentLength <= resumeFrom)
            throw new OriginException($"cannot resume at byte {resumeFrom} of a content of length {contentLength}");
        return await GetAsync(source, new RangeAsked(resumeFrom, contentLength - 1, WholeAccepted: false), ct);
    }

    /// <summary>
    /// GETs content bytes <paramref name="first"/> to <paramref name="last"/> (a piece repair). A 206 must start at
    /// <paramref name="first"/>; a 200, from a source that ignores ranges, is accepted too: its body is the whole
    /// content from byte 0. Either way <see cref="OriginDownload.ContentLength"/> is the whole content's length.
    /// Throws like <see cref="DownloadAsync"/>.
    /// </summary>
    public Task<OriginDownload> DownloadRangeAsync(TaskSource source, long first, long last, CancellationToken ct) =>
        GetAsync(source, new RangeAsked(first, last, WholeAccepted: true), ct);

    /// <summary>A Range of ours; <paramref name="WholeAccepted"/>: a 200 with the whole content will do.</summary>
    private sealed record RangeAsked(long First, long Last, bool WholeAccepted);

    private async Task<OriginDownload> GetAsync(TaskSource source, RangeAsked? range, CancellationToken ct)
    {
        using var request = NewRequest(source);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", $"bytes={range.First}-{range.Last}");
        var response = await ClientFor(source).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            var status = (int)response.StatusCode;
            long length;
            if (range is not null && !(status == 200 && range.WholeAccepted))
            {
                var contentRange = response.Content.Headers.ContentRange;
                if (status != 206) throw new OriginException($"unexpected status code: {status}");
                if (contentRange?.From != range.First)
                    throw new OriginException($"the source answered a request from byte {range.First} with range {contentRange}");
                length = TotalOf(contentRange);
            }
            else
            {
                if (status is not (200 or 206)) throw new OriginException($"unexpected status code: {status}");
                length = response.Content.Headers.ContentLength ?? -1;
            }
            var lastModified = response.Content.Headers.LastModified is { } lm ? lm.ToUnixTimeMilliseconds() : 0;
            var eTag = response.Headers.TryGetValues("ETag", out var tags) ? tags.First() : "";
            var body = new SourceBodyStream(await response.Content.ReadAsStreamAsync(ct), ReadTimeout);
            return new OriginDownload(response, body, length, lastModified, eTag);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Go ConvertTimeIntToString: RFC 1123 in GMT, from Unix milliseconds.</summary>
    public static string HttpDate(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            if (client.IsValueCreated) client.Value.Dispose();
        _clients.Clear();
    }

    /// <summary>The task headers ask for a Range of their own: the content is that range, and it is never resumed.</summary>
    public static bool AsksForRange(TaskSource source) =>
        source.Headers.Keys.Any(k => string.Equals(k.Trim(), "Range", StringComparison.OrdinalIgnoreCase));

    private static HttpRequestMessage NewRequest(TaskSource source)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, source.RawUrl);
        foreach (var (name, value) in source.Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static long TotalOf(ContentRangeHeaderValue? range) => range?.Length ?? -1;

    private HttpClient ClientFor(TaskSource source) =>
        _clients.GetOrAdd(OriginTls.Of(source.Insecure, source.RootCAs), tls => new Lazy<HttpClient>(() => NewClient(tls))).Value;

    private HttpClient NewClient(OriginTls tls)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            // Go: 3 s to dial plus 10 s for the TLS handshake; here one budget covers both.
            ConnectTimeout = TimeSpan.FromSeconds(13),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
            UseProxy = true,
            ConnectCallback = guard.ConnectAsync,
        };
        if (tls.Validation() is { } validation) handler.SslOptions.RemoteCertificateValidationCallback = validation;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Why a request got no answer, in words fit for a task's error.</summary>
    public static string Describe(HttpRequestException e) =>
        e.HttpRequestError switch
        {
            _ when SourceDeniedException.Of(e) is { } denied => denied.Message,
            HttpRequestError.NameResolutionError => "name resolution failed",
            HttpRequestError.ConnectionError => $"connection failed: {e.InnerException?.Message ?? e.Message}",
            HttpRequestError.SecureConnectionError => $"TLS failed: {e.InnerException?.Message ?? e.Message}",
            _ => e.Message,
        };
}
