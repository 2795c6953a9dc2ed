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
    /// <summary>
    /// Endpoint metadata of a route that changes state on an operator's word, or that a browser opens
    /// (<see cref="InBrowser"/>): a browser cannot send a bearer token, so there the token is the password of HTTP
    /// Basic authentication, which the browser asks for.
    /// </summary>
    public sealed class Required
    {
        public static readonly Required Instance = new();

        public static readonly Required InBrowser = new();
    }

    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Required.Instance);

    /// <summary>The admin token for a page a person opens: Basic authentication, any user name, the token as password.</summary>
    public static TBuilder RequireAdminTokenInBrowser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Required.InBrowser);

    /// <summary>After routing: checks the token of the routes that require it. No token configured, no check.</summary>
    public static IApplicationBuilder UseAdminToken(this IApplicationBuilder app, string token)
    {
        if (token.Length == 0) return app;
        // Hashes have one length: comparing them in constant time does not leak the token's length either.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use((http, next) =>
        {
            var required = http.GetEndpoint()?.Metadata.GetMetadata<Required>();
            if (required is null) return next(http);
            if (required == Required.InBrowser)
            {
                if (PresentsAsPassword(http.Request, expected)) return next(http);
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"supernode status\", charset=\"UTF-8\"";
                return GoJson.Error(StatusCodes.Status401Unauthorized, "this page needs the admin token as the password").ExecuteAsync(http);
            }
            return Presents(http.Request, expected) ? next(http) : Refused("this admin route").ExecuteAsync(http);
        });
    }

    /// <summary>
    /// For a route whose body decides whether it is an admin call (<c>PUT /tasks/{id}</c> pausing a task): null when
    /// <paramref name="token"/> is not set or the request presents it, else the 401 to answer.
    /// </summary>
    public static IResult? Check(HttpRequest request, string token, string what) =>
        token.Length == 0 || Presents(request, SHA256.HashData(Encoding.UTF8.GetBytes(token))) ? null : Refused(what);

    /// <summary>The answer never echoes what was sent: a wrong token may be a real one of something else.</summary>
    private static IResult Refused(string what) => new BearerChallenge(
        GoJson.Error(StatusCodes.Status401Unauthorized, $"{what} needs the header Authorization: Bearer <admin token>"));

    private sealed class BearerChallenge(IResult error) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"supernode admin\"";
            return error.ExecuteAsync(http);
        }
    }

    private static bool PresentsAsPassword(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = credentials.IndexOf(':');
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(colon < 0 ? "" : credentials[(colon + 1)..]));
        return colon >= 0 && CryptographicOperations.FixedTimeEquals(given, expected);
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
