using System.Text.Json.Serialization;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Http;

/// <summary><c>GET /</c>, <c>GET /api/v1/</c>, <c>GET /api/ext/</c>: each category lists its handlers, as Go does (docs/protocol.md).</summary>
public static class ListingEndpoints
{
    public static void MapListings(this IEndpointRouteBuilder app)
    {
        foreach (var category in GoApiCatalog.All)
        {
            var body = new Listing([.. category.Handlers.Select(h => new Api(h.Method, h.Path))], category.Name, category.Prefix);
            app.MapGet(category.Prefix + "/", () => GoJson.Body(StatusCodes.Status200OK, body));
        }
    }

    /// <summary>Go writes a map, hence the keys in alphabetical order.</summary>
    private sealed record Listing(
        [property: JsonPropertyName("api")] Api[] Apis,
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("prefix")] string Prefix);

    private sealed record Api(
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("path")] string Path);
}
