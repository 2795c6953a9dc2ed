using System.Reflection;
using Supernode.Gateway.Admin;

namespace Supernode.Gateway.Http;

/// <summary>
/// <c>/status</c>: a read-only page of the cluster, its tasks and one task's live piece map, drawn in the browser
/// from the JSON API. Plain HTML, CSS and JavaScript shipped inside the gateway: no build step, nothing fetched from
/// elsewhere. Behind the admin token when one is set (HTTP Basic, the token as password).
/// </summary>
public static class StatusPageEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/status", "status.html", "text/html; charset=utf-8"),
        ("/status/status.js", "status.js", "text/javascript; charset=utf-8"),
        ("/status/status.css", "status.css", "text/css; charset=utf-8"),
    ];

    public static void MapStatusPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var body = Read(resource);
            app.MapGet(path, (HttpResponse response) =>
            {
                // The page changes with the gateway: always asked again, never stale after an upgrade.
                response.Headers.CacheControl = "no-cache";
                return Results.Bytes(body, contentType);
            }).RequireAdminTokenInBrowser();
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"status/{resource}")
                           ?? throw new InvalidOperationException($"status/{resource} is not embedded in the gateway");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
