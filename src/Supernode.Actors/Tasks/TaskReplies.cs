using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

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
        DateTimeOffset CreatedAt) : ISupernodeMessage;
}
