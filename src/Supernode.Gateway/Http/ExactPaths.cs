namespace Supernode.Gateway.Http;

/// <summary>
/// gorilla/mux matches a path exactly: <c>/api/v1/peers/</c> is not <c>/api/v1/peers</c>, and <c>/api/v1</c> is not
/// the listing at <c>/api/v1/</c> (docs/protocol.md). ASP.NET routing ignores a trailing slash, so a match that
/// differs from its template by one is dropped here (and answered with Go's 404).
/// </summary>
public static class ExactPaths
{
    public static IApplicationBuilder UseExactPaths(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template }
            && template.EndsWith('/') != (http.Request.Path.Value?.EndsWith('/') ?? false))
        {
            http.SetEndpoint(null);
        }
        return next(http);
    });
}
