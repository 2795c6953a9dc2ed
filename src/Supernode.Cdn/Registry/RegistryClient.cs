using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Supernode.Actors.Preheat;
using Supernode.Cdn.Guard;

namespace Supernode.Cdn.Registry;

/// <summary>
/// Resolves an image preheat against its registry (distribution API v2): the manifest, and for a manifest list /
/// OCI index the manifest of each wanted platform, then the layer blobs. Auth with the request's headers:
/// anonymous, Basic, a bearer token already given, or the token exchange a <c>Bearer realm=…</c> challenge asks
/// for (Basic credentials from the headers sent to the realm). Headers may carry credentials: nothing here logs
/// them, and no error message repeats them. Every connection, token service and redirects included, passes the
/// replica's SSRF guard: a preheat names its URL on a client's word as a registration does.
/// </summary>
public sealed class RegistryClient(TimeSpan requestTimeout, SourceGuard guard) : IImageResolver, IDisposable
{
    /// <summary>Larger answers are not manifests.</summary>
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = guard.ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ImageLayers> ResolveAsync(PreheatRequest request, CancellationToken ct)
    {
        if (!ManifestUrl.TryParse(request.Url, out var image))
            throw new ImageResolutionException(
                $"'{request.SafeUrl}' is not a registry v2 manifest URL: expected <scheme>://<registry>/v2/<name>/manifests/<tag or digest>");
        var headers = request.Headers;
        var (manifest, authHeaders) = await FetchWithAuthAsync(image, headers, ct);
        var digests = new List<string>();
        switch (manifest)
        {
            case ImageManifest.Image single:
                digests.AddRange(single.LayerDigests);
                break;
            case ImageManifest.Index index:
                var wanted = index.Manifests.Where(m => m.IsWanted(request.Platforms)).ToList();
                if (wanted.Count == 0)
                    throw new ImageResolutionException(request.Platforms.IsEmpty
                        ? $"the index of {image} lists no image manifest"
                        : $"{image} has no manifest for {string.Join(", ", request.Platforms)}; it has {string.Join(", ", index.Manifests.Select(m => m.Platform))}");
                foreach (var platform in wanted)
                {
                    var answer = await GetAsync(image.ManifestOf(platform.Digest), authHeaders, image, ct);
                    if (Parse(answer, image, platform.Digest) is not ImageManifest.Image child)
                        throw new ImageResolutionException($"the {platform.Platform} manifest of {image} is itself an index");
                    digests.AddRange(child.LayerDigests);
                }
                break;
        }
        var layers = digests.Distinct(StringComparer.Ordinal).Select(d => new ImageLayer(d, image.BlobOf(d))).ToImmutableArray();
        return new ImageLayers(layers, authHeaders);
    }

    /// <summary>The manifest, and the headers that fetched it (the request's, or with the bearer token obtained).</summary>
    private async Task<(ImageManifest, ImmutableSortedDictionary<string, string>)> FetchWithAuthAsync(
        ManifestUrl image, ImmutableSortedDictionary<string, string> headers, CancellationToken ct)
    {
        var answer = await GetAsync(image.Url, headers, image, ct);
        if (answer.Status == HttpStatusCode.Unauthorized)
        {
            var challenge = AuthChallenge.Parse(answer.WwwAuthenticate);
            var given = Authorization(headers);
            if (challenge is { IsBearer: true, Realm: not null } && given?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) != true)
            {
                var token = await TokenAsync(challenge, given, ct);
                headers = headers.RemoveRange(headers.Keys.Where(IsAuthorization)).SetItem("Authorization", "Bearer " + token);
                answer = await GetAsync(image.Url, headers, image, ct);
                if (answer.Status == HttpStatusCode.Unauthorized)
                    throw new ImageResolutionException($"the registry {image.Registry} refused the token of its token service for {image} (401 Unauthorized)");
            }
            else if (given is null)
            {
                throw new ImageResolutionException(
                    $"the registry {image.Registry} needs credentials for {image} ({challenge?.Scheme ?? "no"} challenge): give them as headers.Authorization");
            }
            else
            {
                throw new ImageResolutionException($"the registry {image.Registry} refused the credentials given for {image} (401 Unauthorized)");
            }
        }
        return (Parse(answer, image, image.Reference), headers);
    }

    /// <summary>Docker's token flow: GET the realm with service and scope, Basic credentials if given; the answer's token.</summary>
    private async Task<string> TokenAsync(AuthChallenge challenge, string? basic, CancellationToken ct)
    {
        var realm = challenge.Realm!;
        using var request = new HttpRequestMessage(HttpMethod.Get, challenge.TokenUrl());
        if (basic is not null) request.Headers.TryAddWithoutValidation("Authorization", basic);
        var answer = await SendAsync(request, realm, ct);
        if (answer.Status == HttpStatusCode.Unauthorized)
            throw new ImageResolutionException($"the token service {realm} refused the credentials given (401 Unauthorized)");
        if ((int)answer.Status is < 200 or > 299)
            throw new ImageResolutionException($"the token service {realm} answered {(int)answer.Status} {answer.Reason}");
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            foreach (var name in new[] { "token", "access_token" })
                if (doc.RootElement.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } token)
                    return token;
        }
        catch (JsonException)
        {
            // Reported below.
        }
        throw new ImageResolutionException($"the token service {realm} answered without a token");
    }

    private static ImageManifest Parse(Answer answer, ManifestUrl image, string reference)
    {
        if (answer.Status == HttpStatusCode.NotFound)
            throw new ImageResolutionException($"image {image.Name}:{reference} not found in {image.Registry} ({RegistryError(answer)})");
        if ((int)answer.Status is < 200 or > 299)
            throw new ImageResolutionException(
                $"the registry {image.Registry} answered {(int)answer.Status} {answer.Reason} for {image.Name}:{reference} ({RegistryError(answer)})");
        try
        {
            return ImageManifest.Parse(answer.Body, answer.ContentType);
        }
        catch (FormatException e)
        {
            throw new ImageResolutionException($"{image.ManifestOf(reference)}: {e.Message}");
        }
    }

    private Task<Answer> GetAsync(string url, ImmutableSortedDictionary<string, string> headers, ManifestUrl image, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase)) request.Headers.TryAddWithoutValidation(name, value);
        if (!headers.Keys.Any(k => k.Equals("Accept", StringComparison.OrdinalIgnoreCase)))
            request.Headers.TryAddWithoutValidation("Accept", ImageManifest.Accept);
        return SendAsync(request, image.Registry, ct, dispose: true);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, string server, CancellationToken ct, bool dispose = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadLimitedAsync(response.Content, timeout.Token);
            return new Answer(response.StatusCode, response.ReasonPhrase ?? "", response.Content.Headers.ContentType?.MediaType,
                WwwAuthenticate(response.Headers), body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ImageResolutionException($"no answer from {server} within {requestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (SourceDeniedException.Of(e) is { } denied)
        {
            throw new ImageResolutionException($"{server}: {denied.Message}");
        }
        catch (HttpRequestException e)
        {
            throw new ImageResolutionException($"{server} not reachable: {e.Message}");
        }
        finally
        {
            if (dispose) request.Dispose();
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxManifestBytes) throw new ImageResolutionException($"an answer larger than {MaxManifestBytes} bytes is not a manifest");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static string? WwwAuthenticate(HttpResponseHeaders headers) =>
        headers.TryGetValues("WWW-Authenticate", out var values) ? values.FirstOrDefault() : null;

    private static bool IsAuthorization(string name) => name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    private static string? Authorization(ImmutableSortedDictionary<string, string> headers) =>
        headers.FirstOrDefault(h => IsAuthorization(h.Key)).Value;

    /// <summary>What the registry said went wrong: its <c>errors[0]</c> code and message, or the start of the body.</summary>
    private static string RegistryError(Answer answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                var code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                return string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrEmpty(s)));
            }
        }
        catch (JsonException)
        {
            // Not the registry's error JSON: the body itself says it.
        }
        var text = Encoding.UTF8.GetString(answer.Body.AsSpan(0, Math.Min(answer.Body.Length, 160))).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "empty body" : text;
    }

    public void Dispose() => _http.Dispose();

    private sealed record Answer(HttpStatusCode Status, string Reason, string? ContentType, string? WwwAuthenticate, byte[] Body);
}
