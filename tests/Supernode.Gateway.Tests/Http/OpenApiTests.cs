using System.Net;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.Http;

/// <summary>docs/openapi.json describes exactly the mapped routes, marks exactly the token-protected ones, and is served.</summary>
[Collection(SharedSupernode.Name)]
public sealed class OpenApiTests(SupernodeFixture sn)
{
    private static IReadOnlyList<MappedRoutes.Route> Documented() =>
        OpenApiOperation.All.Select(o => new MappedRoutes.Route(o.Method, o.Template, o.NeedsAdminToken)).ToList();

    [Fact]
    public void Every_mapped_route_is_documented_and_nothing_else()
    {
        var mapped = MappedRoutes.All.Select(r => $"{r.Method} {r.Template}").Order().ToList();
        Assert.Equal(mapped, Documented().Select(r => $"{r.Method} {r.Template}").Order());
    }

    [Fact]
    public void The_routes_documented_as_needing_the_admin_token_are_the_ones_that_do()
    {
        Assert.Equal(MappedRoutes.All.Where(r => r.NeedsAdminToken).Select(r => $"{r.Method} {r.Template}").Order(),
            Documented().Where(r => r.NeedsAdminToken).Select(r => $"{r.Method} {r.Template}").Order());
        // Every mutating admin route, the preheat ones too; not the client calls of the REST protocol (a peer registers, creates its
        // task, reports a piece error), which are open as dfget's are.
        string[] clientCalls = ["/peers", "/tasks", "/tasks/{id}/pieces/{pieceRange}/error"];
        Assert.All(MappedRoutes.All.Where(r => (r.Template.StartsWith("/api/v1/", StringComparison.Ordinal) || r.Template.StartsWith("/preheats", StringComparison.Ordinal))
                                              && r.Method is "POST" or "DELETE" && !r.Template.StartsWith("/api/v1/peer/", StringComparison.Ordinal)
                                              && !(r.Method == "POST" && clientCalls.Any(c => r.Template == "/api/v1" + c))),
            r => Assert.True(r.NeedsAdminToken, $"{r.Method} {r.Template}"));
    }

    [Fact]
    public async Task The_gateway_serves_the_document_it_was_built_with()
    {
        var answer = await sn.Client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal(await File.ReadAllTextAsync(OpenApiOperation.DocumentPath), answer.Text);
    }
}
