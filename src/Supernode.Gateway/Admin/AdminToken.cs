using System.Security.Cryptography;
using System.Text;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Admin;

/// <summary>
/// Authentication for ops: when <c>security.adminToken</c> is set, every route marked with
/// <see cref="RequireAdminToken{TBuilder}"/> (the mutating admin routes) needs <c>Authorization: Bearer &lt;token&gt;</c>
/// and answers 401 with a JSON error otherwise. Reads and the dfget routes stay open: dfget cannot authenticate.
/// </summary>
public static class AdminToken
{
    /// <summary>Endpoint metadata of a route that changes state on an operator's word.</summary>
    public sealed class Required
    {
        public static readonly Required Instance = new();
    }

    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Required.Instance);

    /// <summary>After routing: checks the token of the routes that require it. No token configured, no check.</summary>
    public static IApplicationBuilder UseAdminToken(this IApplicationBuilder app, string token)
    {
        if (token.Length == 0) return app;
        // Hashes have one length: comparing them in constant time does not leak the token's length either.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<Required>() is null || Presents(http.Request, expected)) return next(http);
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"supernode admin\"";
            // The answer never echoes what was sent: a wrong token may be a real one of something else.
            return GoJson.Error(StatusCodes.Status401Unauthorized, "this admin route needs the header Authorization: Bearer <admin token>")
                .ExecuteAsync(http);
        });
    }

    private static bool Presents(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
