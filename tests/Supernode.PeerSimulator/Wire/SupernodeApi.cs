using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Supernode.PeerSimulator.Wire;

/// <summary>One entry of dfget's supernode list. Entries are compared by reference, as dfget's locator does.</summary>
internal sealed class SupernodeNode(string host, int port)
{
    public string Host { get; } = host;
    public int Port { get; } = port;
    public string Authority => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses dfget's <c>host[:port]</c> (default port 8002); tolerates an <c>http://</c> prefix and a trailing slash.</summary>
    public static SupernodeNode Parse(string node)
    {
        var s = node.Trim();
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) s = s["http://".Length..];
        s = s.TrimEnd('/');
        var colon = s.LastIndexOf(':');
        if (colon < 0) return new SupernodeNode(s, 8002);
        if (colon == 0 || !int.TryParse(s[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            throw new ArgumentException($"bad supernode address '{node}'", nameof(node));
        return new SupernodeNode(s[..colon], port);
    }
}

/// <summary>A failed call to the supernode API: transport error, timeout, non-200 HTTP status or an undecodable body.</summary>
internal sealed class SupernodeApiException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A <c>{code, msg, data}</c> answer.</summary>
internal sealed record ResultInfo(int Code, string Msg, JsonElement Data);

/// <summary>
/// dfget's calls to the supernode API, byte for byte: fasthttp's <c>User-Agent</c>, JSON bodies in Go field order,
/// query strings in struct order and not URL-encoded, a 5 s timeout per call, and only HTTP 200 accepted.
/// </summary>
internal static class SupernodeApi
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static readonly HttpClient Http = ClientHttp.Create();

    public static Task<ResultInfo> RegisterAsync(SupernodeNode node, string body, CancellationToken ct, CallTimes? times = null) =>
        PostAsync(node, "/peer/registry", body, ct, times);

    public static Task<ResultInfo> PullPieceTaskAsync(SupernodeNode node, string query, CancellationToken ct, CallTimes? times = null) =>
        GetAsync(node, "/peer/task?" + query, ct, times);

    /// <summary>True when the supernode acknowledged with code 611, the only answer dfget accepts.</summary>
    public static async Task<bool> ReportPieceAsync(SupernodeNode node, string taskId, string cid, string dstCid, string pieceRange, CancellationToken ct,
        CallTimes? times = null)
    {
        try
        {
            var res = await GetAsync(node, $"/peer/piece/suc?taskId={taskId}&cid={cid}&dstCid={dstCid}&pieceRange={pieceRange}", ct, times);
            return res.Code == 611;
        }
        catch (SupernodeApiException)
        {
            return false;
        }
    }

    /// <summary>dfget ignores the answer (the Go supernode sends an empty body).</summary>
    public static async Task ReportClientErrorAsync(SupernodeNode node, string query, CancellationToken ct, CallTimes? times = null)
    {
        try
        {
            await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(node, "/peer/piece/error?" + query)), ct, times);
        }
        catch (SupernodeApiException)
        {
        }
    }

    /// <summary>The decoded <c>code</c>, or null when the call failed (the Go supernode answers <c>null</c>, i.e. code 0).</summary>
    public static async Task<int?> ReportMetricsAsync(SupernodeNode node, string body, CancellationToken ct, CallTimes? times = null)
    {
        try
        {
            return (await PostAsync(node, "/task/metrics", body, ct, times)).Code;
        }
        catch (SupernodeApiException)
        {
            return null;
        }
    }

    /// <summary>The answered code (612 expected; dfget only logs anything else), or null when the call failed.</summary>
    public static async Task<int?> ServiceDownAsync(SupernodeNode node, string taskId, string cid, CancellationToken ct)
    {
        try
        {
            return (await GetAsync(node, $"/peer/service/down?taskId={taskId}&cid={cid}", ct, times: null)).Code;
        }
        catch (SupernodeApiException)
        {
            return null;
        }
    }

    private static async Task<ResultInfo> GetAsync(SupernodeNode node, string pathAndQuery, CancellationToken ct, CallTimes? times) =>
        Decode(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(node, pathAndQuery)), ct, times));

    private static async Task<ResultInfo> PostAsync(SupernodeNode node, string path, string body, CancellationToken ct, CallTimes? times)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return Decode(await SendAsync(() =>
        {
            var content = new ByteArrayContent(bytes);
            // Verbatim: a parsed media type would be re-serialised as "application/json; charset=utf-8".
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=utf-8");
            return new HttpRequestMessage(HttpMethod.Post, Url(node, path)) { Content = content };
        }, ct, times));
    }

    /// <summary>fasthttp's <c>DefaultMaxIdemponentCallAttempts</c>.</summary>
    private const int MaxAttempts = 5;

    /// <summary>
    /// One call within the 5 s budget, retried as fasthttp's <c>HostClient.Do</c> retries: a GET after any failure
    /// on an established connection (a stale keep-alive one, typically), any request when the server closed the
    /// connection before answering; never after a failed dial or a timeout.
    /// </summary>
    private static async Task<string> SendAsync(Func<HttpRequestMessage> makeRequest, CancellationToken ct, CallTimes? times)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        var started = Stopwatch.GetTimestamp();
        var call = "";
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = makeRequest();
                request.Headers.TryAddWithoutValidation("User-Agent", "fasthttp");
                var path = request.RequestUri!.AbsolutePath;
                call = path + " failed";
                try
                {
                    using var response = await Http.SendAsync(request, timeout.Token);
                    var body = await response.Content.ReadAsStringAsync(timeout.Token);
                    call = $"{path} {(int)response.StatusCode}";
                    if (response.StatusCode != HttpStatusCode.OK)
                        throw new SupernodeApiException($"{(int)response.StatusCode}:{body}");
                    return body;
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    call = path + " timed out";
                    throw new SupernodeApiException($"{request.RequestUri} timed out after {CallTimeout.TotalSeconds:0}s", e);
                }
                catch (HttpRequestException e) when (attempt < MaxAttempts && IsRetried(request.Method, e))
                {
                }
                catch (HttpRequestException e)
                {
                    throw new SupernodeApiException($"{request.RequestUri}: {e.Message} ({e.HttpRequestError})", e);
                }
                catch (IOException e)
                {
                    throw new SupernodeApiException($"{request.RequestUri}: {e.Message}", e);
                }
            }
        }
        finally
        {
            times?.Record(call, started);
        }
    }

    private static bool IsRetried(HttpMethod method, HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ResponseEnded
        || (method == HttpMethod.Get && e.HttpRequestError != HttpRequestError.ConnectionError);

    private static ResultInfo Decode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return new ResultInfo(0, "", default);
            var data = GoJsonReader.TryGet(root, "data", out var d) ? d.Clone() : default;
            return new ResultInfo((int)GoJsonReader.Int(root, "code"), GoJsonReader.Str(root, "msg"), data);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new SupernodeApiException($"undecodable answer: {body}", e);
        }
    }

    /// <summary>dfget builds URLs by string formatting; keep path and query exactly as built.</summary>
    private static Uri Url(SupernodeNode node, string pathAndQuery) =>
        new($"http://{node.Authority}{pathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
