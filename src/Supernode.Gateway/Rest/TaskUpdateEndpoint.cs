using System.Text.Json.Serialization;
using Akka.Hosting;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Admin;
using Supernode.Gateway.Configuration;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Rest;

/// <summary>
/// <c>PUT /tasks/{id}</c> with the documents' TaskUpdateRequest (docs/protocol.md): <c>peerID</c> names a peer that
/// finished the task, which then serves every piece; <c>paused</c>, our extension for what the route's description
/// promises, pauses (true) or resumes (false) the task: a paused task hands out no piece, keeps its clients and its
/// copy, and stays paused across restarts. Pausing needs the admin token when one is set; a peer's update does not.
/// </summary>
public static class TaskUpdateEndpoint
{
    public static void MapTaskUpdate(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPrefixes.All) app.MapPut(prefix + "/tasks/{id}", UpdateAsync);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest http, IRequiredActor<TaskRegion> tasks, SupernodeOptions options,
        CancellationToken ct)
    {
        if (!TaskEndpoints.IsTaskId(id)) return TaskEndpoints.NotFound(id);
        var (body, problem) = await JsonBody.ReadAsync<TaskUpdateRequest>(http, "task update request", ct);
        if (body is { PeerId: null or "", Paused: null }) (body, problem) = (null, "task update request: nothing to update: give peerID or paused");
        if (body is null) return GoJson.Error(StatusCodes.Status400BadRequest, problem);
        if (body.Paused is not null && AdminToken.Check(http, options.Security.AdminToken, "pausing or resuming a task") is { } refused) return refused;

        return await tasks.ActorRef.AskOrNullAsync(new TaskCommands.UpdateTask(id, body.PeerId, body.Paused), Deadlines.Admin, ct) switch
        {
            TaskReplies.TaskUpdated => Results.Empty,
            TaskReplies.UpdateRefused r => GoJson.Error(StatusCodes.Status400BadRequest, r.Reason),
            TaskReplies.TaskUnknown => TaskEndpoints.NotFound(id),
            var other => TaskEndpoints.Unexpected(id, other),
        };
    }

    private sealed record TaskUpdateRequest(
        [property: JsonPropertyName("peerID")] string? PeerId,
        [property: JsonPropertyName("paused")] bool? Paused);
}
