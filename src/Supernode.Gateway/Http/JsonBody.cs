using System.Text.Json;

namespace Supernode.Gateway.Http;

/// <summary>A JSON request body read as Go's decoder reads it: keys matched case-insensitively, unknown keys ignored.</summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The body, or null and what is wrong with it (named after <paramref name="what"/>).</summary>
    public static async Task<(T? Value, string Problem)> ReadAsync<T>(HttpRequest http, string what, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Body, CaseInsensitive, ct);
            return value is null ? (null, $"{what}: empty body") : (value, "");
        }
        catch (JsonException e)
        {
            return (null, $"{what}: malformed JSON at {e.Path ?? "$"} (line {e.LineNumber}, byte {e.BytePositionInLine})");
        }
    }
}
