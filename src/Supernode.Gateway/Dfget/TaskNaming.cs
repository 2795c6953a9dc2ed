using System.Collections.Immutable;
using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// How a registration of either protocol names its task and describes its source (docs/protocol.md, "Naming a task"):
/// a content digest given as <c>taskId</c> names it; else Go's id over the task URL (the raw URL without the query keys
/// in <c>filter</c>, unless the client sent it filtered), md5 or identifier, and a Range header. A declared
/// <c>fileLength</c> is kept with the source: the task then does not ask the source for it.
/// </summary>
public static class TaskNaming
{
    /// <summary>The fields of a registration that name a task, as the client sent them.</summary>
    public sealed record Fields(
        string RawUrl,
        string TaskUrl,
        IReadOnlyCollection<string>? Filter,
        string Md5,
        string Identifier,
        IReadOnlyDictionary<string, string>? Headers,
        bool Insecure,
        IReadOnlyList<string>? RootCAs,
        string TaskId,
        long FileLength);

    /// <summary>The task's id and source; a <see cref="RequestException"/> for a taskId that is no digest or a negative length.</summary>
    public static (string TaskId, TaskSource Source) Name(Fields f)
    {
        if (f.FileLength < 0) throw new RequestException($"fileLength {f.FileLength} is negative");
        var taskUrl = f.TaskUrl.Length > 0 ? f.TaskUrl : TaskIdentity.FilterUrl(f.RawUrl, f.Filter);
        string taskId;
        if (f.TaskId.Length > 0)
        {
            if (!TaskDigest.TryTaskId(f.TaskId, out taskId, out var problem)) throw new RequestException(problem);
        }
        else
        {
            taskId = TaskIdentity.Compute(taskUrl, f.Md5, f.Identifier, f.Headers);
        }
        var source = new TaskSource(
            f.RawUrl, taskUrl, f.Md5, f.Identifier,
            f.Headers?.ToImmutableSortedDictionary(StringComparer.Ordinal) ?? ImmutableSortedDictionary<string, string>.Empty,
            f.Insecure, f.RootCAs?.ToImmutableArray() ?? ImmutableArray<string>.Empty, f.TaskId, f.FileLength);
        return (taskId, source);
    }
}
