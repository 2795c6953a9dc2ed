using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Http;

/// <summary><c>/_ping</c> and <c>/version</c> as the Go supernode answers them, the health probes, and Go's 404 for unknown paths.</summary>
public static class SystemEndpoints
{
    public static void MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_ping", () => Results.Text("OK", "text/plain; charset=utf-8"));
        app.MapGet("/version", () => Results.Text(VersionJson, "application/json"));
        // Liveness never depends on the database or the cluster: a journal outage must not get pods killed.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("liveness") });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => !c.Tags.Contains("liveness") });
    }

    /// <summary>
    /// Go's DragonflyVersion with our values: compact, no trailing newline, labelled as the JSON it is (Go sent no
    /// Content-Type and its sniffing said text/plain). <c>GoVersion</c> names the .NET runtime; <c>BuildDate</c>, empty
    /// in Go's builds too, is left out.
    /// </summary>
    private static readonly string VersionJson = JsonSerializer.Serialize(
        new VersionInfo(SupernodeVersion.Arch, SupernodeVersion.Runtime, SupernodeVersion.Os,
            SupernodeVersion.Revision.Length > 0 ? SupernodeVersion.Revision : null, SupernodeVersion.Version),
        GoJson.Options);

    private sealed record VersionInfo(
        [property: JsonPropertyName("Arch")] string Arch,
        [property: JsonPropertyName("GoVersion")] string GoVersion,
        [property: JsonPropertyName("OS")] string Os,
        [property: JsonPropertyName("Revision")] string? Revision,
        [property: JsonPropertyName("Version")] string Version);

    /// <summary>Unknown paths get Go's <c>404 page not found</c> (docs/protocol.md); a known path with another method keeps ASP.NET's empty 405.</summary>
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
