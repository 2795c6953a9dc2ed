namespace Supernode.Gateway.Http;

/// <summary>
/// The download port shares the process (and Kestrel) with the API port: requests that arrive on it are served by
/// the CDN file handler and never reach the API routes, and API routes are never served on it.
/// </summary>
public static class DownloadPortDispatch
{
    public static void UseDownloadPort(this IApplicationBuilder app, int downloadPort, RequestDelegate handler) =>
        app.Use((http, next) => http.Connection.LocalPort == downloadPort ? handler(http) : next(http));
}
