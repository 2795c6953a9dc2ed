namespace Supernode.Actors.Tasks;

/// <summary>The entity id of a hot task's group: <c>{taskId}/{group}</c> ('/' is never part of a task id).</summary>
public static class TaskGroupId
{
    public static string Of(string taskId, int group) => $"{taskId}/{group}";

    public static bool TryParse(string groupId, out string taskId, out int group)
    {
        var slash = groupId.LastIndexOf('/');
        taskId = slash > 0 ? groupId[..slash] : "";
        group = -1;
        return slash > 0 && int.TryParse(groupId.AsSpan(slash + 1), out group) && group >= 0;
    }
}
