using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

public interface ITaskCommand : ISupernodeMessage, IWithTaskId;

/// <summary>Something that makes a task exist and its CDN copy start: a dfget registration or a preheat.</summary>
public interface ITaskRegistration : ITaskCommand
{
    TaskSource Source { get; }

    /// <summary>The dfget client that registers; null for a preheat, which downloads nothing itself.</summary>
    TaskClient? Client { get; }

    /// <summary>A task whose copy failed makes it again (a failed copy is retried on the next registration).</summary>
    bool RetriesFailedCopy { get; }
}

public static class TaskCommands
{
    /// <summary>A dfget registers for a download (<c>POST /peer/registry</c>).</summary>
    public sealed record Register(string TaskId, TaskSource Source, TaskClient Client) : ITaskRegistration
    {
        TaskClient? ITaskRegistration.Client => Client;

        bool ITaskRegistration.RetriesFailedCopy => true;
    }

    /// <summary>
    /// A preheat job warms the task: it is created and its CDN copy started as a registration does, without a
    /// client. Idempotent, so the job also polls with it; only <paramref name="RetryFailedCopy"/> makes a failed
    /// copy start again (the job's first send in each incarnation), so a poll sees a failure instead of hiding it.
    /// Answered with <see cref="TaskReplies.TaskView"/> or <see cref="TaskReplies.RegistrationRefused"/>.
    /// </summary>
    public sealed record Preheat(string TaskId, TaskSource Source, bool RetryFailedCopy) : ITaskRegistration
    {
        TaskClient? ITaskRegistration.Client => null;

        bool ITaskRegistration.RetriesFailedCopy => RetryFailedCopy;
    }

    /// <summary>
    /// <c>GET /peer/task</c>: the client asks for its next pieces. With status running it carries the result of the
    /// piece <paramref name="PieceNum"/> it fetched from <paramref name="DstCid"/>; <paramref name="Result"/> is
    /// null when it reports none (the first pull, or status finished).
    /// </summary>
    /// <param name="AnswerBy">
    /// After this (UTC) the caller has answered the client itself (602): the task still records the result, but
    /// hands out nothing the client would never hear of. Default: no limit.
    /// </param>
    /// <param name="MaxPieces">
    /// The most pieces the answer may hand out (the client's limit of running pieces caps it further); 0: none, the
    /// pull only carries its result (a piece result reported on its own, <c>PUT /tasks/{id}/pieces/{range}</c>).
    /// </param>
    public sealed record PullPieceTask(string TaskId, string SrcCid, string DstCid, PullStatus Status, int PieceNum, PieceResult? Result,
        DateTimeOffset AnswerBy = default, int MaxPieces = int.MaxValue) : ITaskCommand
    {
        public bool OnlyReportsResult => MaxPieces <= 0;
    }

    /// <summary><c>GET /peer/piece/suc</c>: the client holds the piece <paramref name="PieceNum"/>, fetched from <paramref name="DstCid"/>.</summary>
    public sealed record ReportPieceSuccess(string TaskId, string Cid, string DstCid, int PieceNum) : ITaskCommand;

    /// <summary>
    /// <c>GET /peer/piece/error</c>: <paramref name="SrcCid"/> could not use what <paramref name="DstCid"/> served;
    /// <paramref name="PieceNum"/> is −1 when the report names no range (FILE_NOT_EXIST).
    /// </summary>
    public sealed record ReportPieceError(
        string TaskId, string SrcCid, string DstCid, PieceErrorKind Kind, int PieceNum, string RealMd5, string ExpectedMd5) : ITaskCommand;

    /// <summary><c>GET /peer/service/down</c>: the client's uploader stops serving this task.</summary>
    public sealed record ReportServiceDown(string TaskId, string Cid) : ITaskCommand;

    /// <summary>Read the task (admin and tests). Answered with <see cref="TaskReplies.TaskView"/> or <see cref="TaskReplies.TaskUnknown"/>.</summary>
    public sealed record GetTask(string TaskId) : ITaskCommand;

    /// <summary>
    /// <c>DELETE /api/v1/tasks/{id}</c>: forget the task and its clients. With <paramref name="Full"/> the replica
    /// holding the CDN copy also removes it from its disk. Answered with <see cref="TaskReplies.TaskDeleted"/>, or by
    /// the holder with <see cref="Cdn.CdnReplies.CopyRemoved"/>.
    /// </summary>
    public sealed record DeleteTask(string TaskId, bool Full) : ITaskCommand;

    /// <summary>
    /// <c>PUT /tasks/{id}</c>: the clients of peer <paramref name="FinishedPeerId"/> hold every piece (it finished the
    /// task), and/or the task is paused or resumed (<paramref name="Paused"/>). Answered with
    /// <see cref="TaskReplies.TaskUpdated"/>, <see cref="TaskReplies.UpdateRefused"/> or <see cref="TaskReplies.TaskUnknown"/>.
    /// </summary>
    public sealed record UpdateTask(string TaskId, string? FinishedPeerId, bool? Paused) : ITaskCommand;

    /// <summary>The live piece map (ops). Answered with <see cref="TaskReplies.PieceMap"/> or <see cref="TaskReplies.TaskUnknown"/>.</summary>
    public sealed record GetPieceMap(string TaskId) : ITaskCommand;

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

    /// <summary>The disk GC of the replica at <paramref name="NodeAddress"/> removed its copy of the task.</summary>
    public sealed record CdnCopyRemoved(string TaskId, string NodeAddress) : ITaskCommand;

    /// <summary>The answer to <see cref="Cdn.CdnCommands.RepairPiece"/>.</summary>
    public sealed record CdnPieceRepaired(string TaskId, string CopyId, int PieceNum, Cdn.PieceRepairOutcome Outcome, string Error) : ITaskCommand;

    /// <summary>A group of the hot task starts (or lost track of the task's facts): answered with a baseline <see cref="TaskGroupCommands.Feed"/>, or <see cref="TaskGroupCommands.Dissolve"/>.</summary>
    public sealed record JoinGroup(string TaskId, int Group) : ITaskCommand;

    /// <summary>Clients of a group that pulled since its last report: the task and they are in use (expiry).</summary>
    public sealed record GroupActivity(string TaskId, ImmutableArray<string> Cids) : ITaskCommand;

    /// <summary>
    /// A group's client reported a bad piece of the CDN copy (<paramref name="RepairPiece"/>, −1 for none) or a copy file
    /// missing (<paramref name="RecheckCopy"/>): the copy is the task's to check.
    /// </summary>
    public sealed record CopySuspect(string TaskId, ReportPieceError Report, int RepairPiece, bool RecheckCopy) : ITaskCommand;
}
