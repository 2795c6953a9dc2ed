using Microsoft.AspNetCore.Http.Features;

namespace Supernode.Gateway.Http;

/// <summary>
/// A non-canonical request path (<c>//_ping</c>, <c>/a/../_ping</c>) is redirected to its cleaned form with a 301, query
/// kept, as gorilla/mux does (docs/protocol.md). Kestrel already removes dot segments from the path it routes, so
/// the check is made on the request target as the client sent it.
/// </summary>
public static class CleanPaths
{
    public static IApplicationBuilder UseCleanPaths(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.Split('?', 2)[0];
        if (!path.StartsWith('/')) return next(http);
        var clean = GoPath.CleanRequestPath(path);
        if (clean == path) return next(http);
        http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        http.Response.Headers.Location = clean + http.Request.QueryString;
        return Task.CompletedTask;
    });
}
