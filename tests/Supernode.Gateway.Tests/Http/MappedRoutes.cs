using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Supernode.Gateway.Admin;
using Supernode.Gateway.Configuration;
using Supernode.Gateway.Hosting;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.Http;

/// <summary>Every route the gateway maps, read from the application it builds (not started).</summary>
internal static class MappedRoutes
{
    public sealed record Route(string Method, string Template, bool NeedsAdminToken);

    public static IReadOnlyList<Route> All { get; } = Read();

    private static List<Route> Read()
    {
        using var home = new TempDir("supernode-routes");
        var options = ConfigurationLoader.Load(["--home-dir", home.Path, "--advertise-ip", "127.0.0.1"],
            new Dictionary<string, string> { ["HOME"] = home.Path }, _ => null);
        var app = SupernodeHost.Build(options);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<AdminToken.Required>() is not null)))
            .ToList();
    }
}
