using System.Text.Json.Serialization;
using Akka.Actor;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Admin;

/// <summary><c>GET /api/v1/cluster/members</c>: the replicas as this one sees them (the Go supernode had no cluster view).</summary>
public static class ClusterEndpoints
{
    public static void MapCluster(this IEndpointRouteBuilder app) => app.MapGet("/api/v1/cluster/members", (ActorSystem system) =>
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .Select(m => new Member(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address), [.. m.Roles.Order()]))
            .ToArray();
        return GoJson.Body(StatusCodes.Status200OK, members);
    });

    private sealed record Member(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("reachable")] bool Reachable,
        [property: JsonPropertyName("roles")] string[] Roles);
}
