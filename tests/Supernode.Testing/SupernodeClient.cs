using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Supernode.Testing;

/// <summary>An HTTP answer, kept raw so tests can check status, content type and body byte for byte.</summary>
public sealed record RawAnswer(HttpStatusCode Status, string? ContentType, string? ContentRange, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON (cloned, so it outlives the document).</summary>
    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
    }

    public override string ToString() => $"{(int)Status} {ContentType}: {Text}";
}

/// <summary>
/// Talks to a running supernode the way its users do: dfget-shaped registrations (<c>User-Agent: fasthttp</c>,
/// <c>Content-Type: application/json;charset=utf-8</c>), ops reads of a task, and piece downloads with exactly the
/// headers dfget sends to the download port (docs/protocol.md). Every call has a deadline.
/// </summary>
/// <param name="trusted">The self-signed certificate of a supernode serving TLS (<see cref="TestCertificates"/>); null for plain HTTP.</param>
public sealed class SupernodeClient(string apiUrl, string downloadUrl, X509Certificate2? trusted = null)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    // Shared: one pool for all tests. No proxy, no decompression, no trace headers: only what dfget sends.
    private static readonly HttpClient Plain = NewHttp(null);

    private readonly HttpClient _http = trusted is null ? Plain : NewHttp(trusted);

    public SupernodeClient(SupernodeProcess process) : this(process.ApiUrl, process.DownloadUrl, process.TlsCertificate)
    {
    }

    public Task<RawAnswer> RegisterAsync(DfgetRegistration registration, CancellationToken ct = default) =>
        PostRegistryAsync(registration.ToJson(), "application/json;charset=utf-8", ct);

    /// <summary>Any body with any Content-Type (null: none) to <c>/peer/registry</c>, as fasthttp would post it.</summary>
    public Task<RawAnswer> PostRegistryAsync(byte[] body, string? contentType, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, apiUrl + "/peer/registry") { Content = new ByteArrayContent(body) };
        // Verbatim: a parsed media type would be re-serialised as "application/json; charset=utf-8".
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("User-Agent", "fasthttp");
        return SendAsync(request, ct);
    }

    public Task<RawAnswer> GetAsync(string pathAndQuery, CancellationToken ct = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, apiUrl + pathAndQuery), ct);

    /// <summary>
    /// Any request to the API port: a body (sent even on a GET, as Go's piece-error route expects one) and extra
    /// headers (e.g. <c>Authorization</c>) when given; the body's media type is JSON unless told otherwise.
    /// </summary>
    public Task<RawAnswer> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, IReadOnlyDictionary<string, string>? headers = null,
        CancellationToken ct = default, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, apiUrl + pathAndQuery);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return SendAsync(request, ct);
    }

    public Task<RawAnswer> GetTaskAsync(string taskId, CancellationToken ct = default) => GetAsync($"/api/v1/tasks/{taskId}", ct);

    /// <summary>Polls the task until its CDN copy has ended (SUCCESS or FAILED) and returns its last TaskInfo.</summary>
    public Task<JsonElement> WaitForCdnAsync(string taskId, TimeSpan within) =>
        WaitForTaskAsync(taskId, t => t.GetProperty("cdnStatus").GetString() is "SUCCESS" or "FAILED", within);

    /// <summary>
    /// Polls <c>GET /api/v1/tasks/{id}</c> until the TaskInfo satisfies <paramref name="done"/> and returns it.
    /// Throws <see cref="TimeoutException"/> with the last answer when that does not happen within <paramref name="within"/>.
    /// </summary>
    /// <param name="maxPause">The longest pause between two looks (they start at 20 ms and double).</param>
    public Task<JsonElement> WaitForTaskAsync(string taskId, Func<JsonElement, bool> done, TimeSpan within, TimeSpan? maxPause = null) =>
        WaitForAsync($"/api/v1/tasks/{taskId}", done, within, maxPause);

    /// <summary>Starts a preheat job (<c>POST /preheats</c> with this JSON body).</summary>
    public Task<RawAnswer> PreheatAsync(object body, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/preheats", JsonSerializer.Serialize(body), ct: ct);

    /// <summary>Polls <c>GET /preheats/{id}</c> until the job is SUCCESS or FAILED and returns its PreheatInfo.</summary>
    public Task<JsonElement> WaitForPreheatAsync(string id, TimeSpan within) =>
        WaitForAsync($"/preheats/{id}", p => p.GetProperty("status").GetString() is "SUCCESS" or "FAILED", within, TimeSpan.FromMilliseconds(500));

    /// <summary>
    /// Polls a JSON GET until its answer (200) satisfies <paramref name="done"/> and returns it. Throws
    /// <see cref="TimeoutException"/> with the last answer when that does not happen within <paramref name="within"/>.
    /// </summary>
    /// <param name="maxPause">The longest pause between two looks (they start at 20 ms and double).</param>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> done, TimeSpan within, TimeSpan? maxPause = null)
    {
        using var cts = new CancellationTokenSource(within);
        RawAnswer? last = null;
        var pause = TimeSpan.FromMilliseconds(20);
        var longest = (maxPause ?? TimeSpan.FromMilliseconds(250)).TotalMilliseconds;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                last = await GetAsync(path, cts.Token);
                if (last.Status == HttpStatusCode.OK && done(last.Json)) return last.Json;
                await Task.Delay(pause, cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException)
            {
                // A replica behind the balancer may be going away: look again.
            }
            pause = TimeSpan.FromMilliseconds(Math.Min(longest, pause.TotalMilliseconds * 2));
        }
        throw new TimeoutException($"{path} did not get there within {within}; last answer: {last}");
    }

    /// <summary>Piece <paramref name="pieceNum"/> from the download port, asked exactly as dfget asks it.</summary>
    public Task<RawAnswer> GetPieceAsync(string taskId, int pieceNum, int pieceSize, CancellationToken ct = default) =>
        GetDownloadAsync($"/download/{taskId[..3]}/{taskId}", $"bytes={Wrapping.Range(pieceNum, pieceSize)}", pieceNum, pieceSize, ct);

    /// <summary>A GET on the download port with dfget's headers; <paramref name="range"/> null sends none.</summary>
    public Task<RawAnswer> GetDownloadAsync(string path, string? range, int pieceNum = 0, int pieceSize = 4194304, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, downloadUrl + path);
        request.Headers.TryAddWithoutValidation("User-Agent", "dfget/1.0.6");
        request.Headers.TryAddWithoutValidation("Piecenum", pieceNum.ToString());
        request.Headers.TryAddWithoutValidation("Piecesize", pieceSize.ToString());
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return SendAsync(request, ct);
    }

    private async Task<RawAnswer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var _ = request;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        using var response = await _http.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            response.Content.Headers.ContentRange?.ToString(), body);
    }

    private static HttpClient NewHttp(X509Certificate2? trusted)
    {
        var handler = TestCertificates.Trusting(trusted);
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.ActivityHeadersPropagator = null;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
