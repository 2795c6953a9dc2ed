using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>The durable facts of a task. Everything else about a task is soft state.</summary>
public interface ITaskEvent : ISupernodeMessage;

public static class TaskEvents
{
    public sealed record TaskCreated(string TaskId, TaskSource Source, long HttpFileLength, int PieceSize, DateTimeOffset At) : ITaskEvent;

    public sealed record ClientRegistered(TaskClient Client, DateTimeOffset At) : ITaskEvent;

    public sealed record CdnCopyStarted(string CopyId, CdnLocation Location, long HttpFileLength, DateTimeOffset At) : ITaskEvent;

    public sealed record CdnCopySucceeded(
        string CopyId,
        long FileLength,
        long HttpFileLength,
        string RealMd5,
        ImmutableArray<string> PieceMd5s,
        DateTimeOffset At) : ITaskEvent;

    public sealed record CdnCopyFailed(string CopyId, string Reason, DateTimeOffset At) : ITaskEvent;

    public sealed record ClientServiceDown(string Cid, DateTimeOffset At) : ITaskEvent;

    /// <summary>The client was not heard from for too long (or its uploader is long gone): it is forgotten.</summary>
    public sealed record ClientRemoved(string Cid, DateTimeOffset At) : ITaskEvent;

    /// <summary>
    /// Nobody registered for or pulled the task for taskExpireTime: it is forgotten (its disk copy stays, and a
    /// new registration revalidates and reuses it).
    /// </summary>
    public sealed record TaskExpired(DateTimeOffset At) : ITaskEvent;

    /// <summary>An operator deleted the task (<c>DELETE /api/v1/tasks/{id}</c>): it is forgotten as an expired one is.</summary>
    public sealed record TaskDeleted(DateTimeOffset At) : ITaskEvent;

    /// <summary>
    /// The task became hot: its clients are scheduled from now on by <paramref name="Groups"/> group entities, each
    /// client by the group of its cid (<see cref="Scheduling.ClientGroup"/>).
    /// </summary>
    public sealed record TaskSplit(int Groups, DateTimeOffset At) : ITaskEvent;

    /// <summary>
    /// An operator paused (or resumed) the task: while paused it hands out no piece, and keeps its clients and its copy.
    /// </summary>
    public sealed record TaskPaused(bool Paused, DateTimeOffset At) : ITaskEvent;
}
