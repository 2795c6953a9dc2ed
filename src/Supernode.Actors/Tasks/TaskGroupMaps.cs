using System.Collections.Immutable;
using Akka.Actor;

namespace Supernode.Actors.Tasks;

/// <summary>
/// The piece map of a hot task (ops): the task's own view of its copy, with every group's clients. A group that does
/// not answer in time leaves its clients out rather than the whole map.
/// </summary>
public static class TaskGroupMaps
{
    public static async Task<TaskReplies.PieceMap> Merge(TaskReplies.PieceMap task, int groups, IActorRef groupRegion, TimeSpan within)
    {
        var asks = Enumerable.Range(0, groups).Select(async g =>
        {
            try
            {
                return await groupRegion.Ask<object>(new TaskGroupCommands.GetPieceMap(task.TaskId, g), within) as TaskReplies.PieceMap;
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        });
        var maps = await Task.WhenAll(asks);
        var clients = maps.Where(m => m is not null).SelectMany(m => m!.Clients).OrderBy(c => c.Cid, StringComparer.Ordinal);
        return task with
        {
            SupernodeLoad = maps.Sum(m => m?.SupernodeLoad ?? 0),
            SupernodeBudget = maps.Sum(m => m?.SupernodeBudget ?? 0),
            Clients = [.. clients],
        };
    }
}
