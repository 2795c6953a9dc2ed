namespace Supernode.Gateway.Dfget;

/// <summary>
/// <c>POST /peer/heartbeat</c> and <c>POST /peer/network</c> (and their <c>/api/v1</c> twins): answered exactly as the
/// Go supernode answers them (docs/protocol.md); dfget 1.x does not call them, the body is not read.
/// </summary>
public static class PeerHeartbeatEndpoints
{
    public static void MapPeerHeartbeat(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/api/v1" })
        {
            app.MapPost($"{prefix}/peer/heartbeat", () => GoJson.Body(StatusCodes.Status200OK, new Dictionary<string, object?> { ["seedTaskIDs"] = null }));
            app.MapPost($"{prefix}/peer/network", () => GoJson.Body(StatusCodes.Status200OK, new Dictionary<string, object?> { ["nodes"] = null }));
        }
    }
}
