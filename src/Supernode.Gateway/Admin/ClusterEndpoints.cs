using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Cluster;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Admin;

/// <summary>
/// <c>/api/v1/cluster/members</c>: the replicas as this one sees them (the Go supernode had no cluster view), and
/// an operator's word to make one leave gracefully (its shards are handed over) or to down one that is gone.
/// </summary>
public static class ClusterEndpoints
{
    public static void MapCluster(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cluster/members", (ActorSystem system, MemberUpTimes upTimes) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var state = cluster.State;
            var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
            var members = state.Members
                .Select(m => new Member(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address), [.. m.Roles.Order()],
                    upTimes.UpSince(m.Address)?.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"), m.Address == cluster.SelfAddress,
                    m.Address == state.Leader))
                .ToArray();
            return GoJson.Body(StatusCodes.Status200OK, members);
        });
        app.MapPost("/api/v1/cluster/members/{address}/leave", (string address, ActorSystem system) =>
            Act(system, address, "leave", (cluster, member) => cluster.Leave(member))).RequireAdminToken();
        app.MapPost("/api/v1/cluster/members/{address}/down", (string address, ActorSystem system) =>
            Act(system, address, "down", (cluster, member) => cluster.Down(member))).RequireAdminToken();
    }

    /// <summary>Accepted (202): the member leaves or is downed asynchronously; <c>GET …/members</c> shows it go.</summary>
    private static IResult Act(ActorSystem system, string address, string action, Action<Akka.Cluster.Cluster, Address> act)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var member = MemberAddress.Find(cluster.State.Members.Select(m => m.Address), Uri.UnescapeDataString(address));
        if (member is null) return GoJson.Error(StatusCodes.Status404NotFound, $"no cluster member at {Uri.UnescapeDataString(address)}");
        act(cluster, member);
        return GoJson.Body(StatusCodes.Status202Accepted, new Accepted(member.ToString(), action));
    }

    /// <param name="UpSince">When the answering replica saw the member become Up.</param>
    private sealed record Member(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("reachable")] bool Reachable,
        [property: JsonPropertyName("roles")] string[] Roles,
        [property: JsonPropertyName("upSince")] string? UpSince,
        [property: JsonPropertyName("self")] bool Self,
        [property: JsonPropertyName("leader")] bool Leader);

    private sealed record Accepted(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("action")] string Action);
}
