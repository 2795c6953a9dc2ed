namespace Supernode.Gateway.Http;

/// <summary><c>GET /api/v1/openapi.json</c>: the API description kept in <c>docs/openapi.json</c>, built into the gateway.</summary>
public static class OpenApiEndpoint
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream("openapi.json")
                           ?? throw new InvalidOperationException("openapi.json is not embedded in the gateway");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapOpenApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/openapi.json", () => Results.Bytes(Document.Value, "application/json"));
}
