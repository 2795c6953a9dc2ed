using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

public interface ITaskCommand : ISupernodeMessage, IWithTaskId;

public static class TaskCommands
{
    /// <summary>A dfget registers for a download (<c>POST /peer/registry</c>).</summary>
    public sealed record Register(string TaskId, TaskSource Source, TaskClient Client) : ITaskCommand;

    /// <summary>Read the task (admin and tests). Answered with <see cref="TaskReplies.TaskView"/> or <see cref="TaskReplies.TaskUnknown"/>.</summary>
    public sealed record GetTask(string TaskId) : ITaskCommand;

    /// <summary>
    /// The CDN wrote pieces: their md5 strings (<c>hex:wrappedLength</c>) from <paramref name="FirstPiece"/> on.
    /// A report from piece 0 replaces what the entity knew (a fresh or re-reported copy).
    /// </summary>
    public sealed record CdnPiecesWritten(string TaskId, string CopyId, long HttpFileLength, int FirstPiece, ImmutableArray<string> PieceMd5s)
        : ITaskCommand;

    /// <summary>The CDN copy ended. On success <paramref name="PieceMd5s"/> is the whole list.</summary>
    public sealed record CdnCopyFinished(
        string TaskId,
        string CopyId,
        bool Success,
        CdnCopyOrigin Origin,
        long FileLength,
        long HttpFileLength,
        string RealMd5,
        ImmutableArray<string> PieceMd5s,
        string Error) : ITaskCommand;
}
