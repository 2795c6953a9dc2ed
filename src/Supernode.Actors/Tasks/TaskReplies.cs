using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>Why a registration was refused; the gateway turns each into the answer that makes dfget do the right thing.</summary>
public enum RegistrationFailure
{
    /// <summary>The source answered 404 (now, or within <c>failAccessInterval</c>).</summary>
    SourceNotFound = 0,
    /// <summary>The source wants credentials (401/407).</summary>
    SourceAuthRequired = 1,
    /// <summary>The source gave no HTTP answer.</summary>
    SourceUnreachable = 2,
    /// <summary>Same taskId, different task URL or md5/identifier.</summary>
    TaskConflict = 3,
    /// <summary>The supernode may not fetch this URL.</summary>
    SourceDenied = 4,
}

public static class TaskReplies
{
    public sealed record Registered(string TaskId, long FileLength, int PieceSize) : ISupernodeMessage;

    public sealed record RegistrationRefused(string TaskId, RegistrationFailure Reason, string Message) : ISupernodeMessage;

    public sealed record TaskUnknown(string TaskId) : ISupernodeMessage;

    /// <summary>601 with pieces.</summary>
    public sealed record PiecesAssigned(ImmutableArray<PieceTask> Pieces) : ISupernodeMessage;

    /// <summary>
    /// 602: nothing to fetch yet; dfget backs off and asks again. <paramref name="PieceMayCome"/>: a piece may soon be
    /// free for the client (the copy is being written, others are fetching), so its task may hold the pull (<see cref="HeldPulls"/>).
    /// </summary>
    public sealed record PeerWait(string Reason, bool PieceMayCome = false) : ISupernodeMessage;

    /// <summary>600: the client has every piece. <paramref name="WithData"/> is false for the (unused) 702 path.</summary>
    public sealed record PeerFinished(long FileLength, string Md5, bool WithData) : ISupernodeMessage;


    /// <summary>A pull that cannot be served: dfget registers again (or, for a failed copy, gives up on the supernode).</summary>
    public sealed record PullFailed(PullFailure Failure, string Reason) : ISupernodeMessage;

    /// <summary>611.</summary>
    public sealed record PieceAccepted : ISupernodeMessage;

    /// <summary>612.</summary>
    public sealed record ServiceDownAccepted : ISupernodeMessage;

    /// <summary>A report that names an unknown task, client or range: HTTP 500 as the Go supernode.</summary>
    public sealed record ReportRejected(string Reason) : ISupernodeMessage;

    /// <summary>A piece error report was taken into account (or ignored, as Go does for unknown sources).</summary>
    public sealed record PieceErrorNoted : ISupernodeMessage;

    /// <summary>The task as ops see it (<c>GET /api/v1/tasks/{id}</c>).</summary>
    public sealed record TaskView(
        string TaskId,
        TaskSource Source,
        CdnStatus CdnStatus,
        long HttpFileLength,
        int PieceSize,
        int PieceTotal,
        long FileLength,
        string RealMd5,
        int PiecesWritten,
        CdnLocation? CdnLocation,
        ImmutableArray<string> ClientIds,
        DateTimeOffset CreatedAt,
        string EntityNode,
        int Groups = 1,
        bool Paused = false) : ISupernodeMessage;

    /// <summary>An update (<see cref="TaskCommands.UpdateTask"/>) is applied.</summary>
    public sealed record TaskUpdated(string TaskId) : ISupernodeMessage;

    /// <summary>An update that cannot apply (it names a peer that is no client of the task): a 400.</summary>
    public sealed record UpdateRefused(string TaskId, string Reason) : ISupernodeMessage;

    /// <summary>The task is forgotten; <paramref name="Existed"/> is false for a task that was not known.</summary>
    public sealed record TaskDeleted(string TaskId, bool Existed) : ISupernodeMessage;

    /// <summary>The task's scheduling state right now: the CDN copy's progress and every client's pieces.</summary>
    /// <param name="SupernodeCid">The cid pieces from the CDN copy come from, as dfget sees it.</param>
    /// <param name="BadCdnPieces">Pieces of the copy withheld while they are checked.</param>
    /// <param name="SupernodeLoad">Pieces being fetched from the CDN copy now.</param>
    public sealed record PieceMap(
        string TaskId,
        CdnStatus CdnStatus,
        int PieceTotal,
        int PiecesWritten,
        string SupernodeCid,
        string BadCdnPieces,
        int SupernodeLoad,
        int SupernodeBudget,
        ImmutableArray<ClientPieceMap> Clients) : ISupernodeMessage;
}
