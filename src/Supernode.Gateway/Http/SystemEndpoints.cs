using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Supernode.Gateway.Http;

/// <summary><c>/_ping</c> as the Go supernode answers it, the health probes, and Go's 404 for unknown paths.</summary>
public static class SystemEndpoints
{
    public static void MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_ping", () => Results.Text("OK", "text/plain; charset=utf-8"));
        // Liveness never depends on the database or the cluster: a journal outage must not get pods killed.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("liveness") });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => !c.Tags.Contains("liveness") });
    }

    /// <summary>Unknown paths get Go's <c>404 page not found</c> (protocol.md §1.1); a known path with another method keeps ASP.NET's empty 405.</summary>
    public static void UseGoNotFound(this WebApplication app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status404NotFound && !http.Response.HasStarted && http.GetEndpoint() is null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("404 page not found\n");
        }
    });
}
