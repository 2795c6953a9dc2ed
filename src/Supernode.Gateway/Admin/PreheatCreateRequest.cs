using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Supernode.Actors.Preheat;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Admin;

/// <summary>
/// Go's PreheatCreateRequest (docs/protocol.md), keys matched case-insensitively, with the swagger's checks and their
/// go-swagger messages; <c>platforms</c> (<c>os/arch[/variant]</c>, default all) is ours.
/// </summary>
public sealed partial record PreheatCreateRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("filter")] string? Filter,
    [property: JsonPropertyName("identifier")] string? Identifier,
    [property: JsonPropertyName("headers")] Dictionary<string, string>? Headers,
    [property: JsonPropertyName("platforms")] string[]? Platforms)
{
    /// <summary>The request, or null and a message for the 400 answer.</summary>
    public static async Task<(PreheatRequest? Request, string Problem)> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        if (http.ContentLength == 0) return (null, "empty request");
        var (body, problem) = await JsonBody.ReadAsync<PreheatCreateRequest>(http, "preheat create request", ct);
        if (body is null) return (null, problem);
        return body.Problem() is { } invalid ? (null, invalid) : (body.ToRequest(), "");
    }

    /// <summary>What breaks the swagger's checks, or null.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(Type) ? "type in body is required"
        : Type is not ("image" or "file") ? "type in body should be one of [image file]"
        : Url is null ? "url in body is required"
        : Url.Length < 3 ? "url in body should be at least 3 chars long"
        : !IsHttpUrl(Url) ? $"url in body must be an absolute http or https URL: \"{Url}\""
        : Headers?.Keys.Any(k => k.Trim().Length == 0) == true ? "headers in body must not have an empty name"
        : Platforms?.FirstOrDefault(p => !PlatformPattern().IsMatch(p)) is { } bad ? $"platforms in body must be os/arch[/variant]: \"{bad}\""
        : null;

    public PreheatRequest ToRequest() => new(
        Type == "image" ? PreheatType.Image : PreheatType.File,
        Url!,
        Filter ?? "",
        Identifier ?? "",
        (Headers ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
        [.. Platforms ?? []]);

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0;

    [GeneratedRegex(@"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PlatformPattern();
}
