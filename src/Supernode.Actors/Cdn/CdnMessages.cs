using System.Collections.Immutable;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Cdn;

/// <summary>Messages a task entity sends to the CDN manager of a replica (the node-local actor at <c>/user/cdn</c>).</summary>
public interface ICdnCommand : ISupernodeMessage;

public static class CdnCommands
{
    /// <summary>Measure the source before the task exists: a GET whose body is not read (4 s budget).</summary>
    public sealed record ProbeSource(string TaskId, TaskSource Source) : ICdnCommand;

    /// <summary>
    /// Make sure this replica holds (or is building) the task's CDN copy. Idempotent and single-flight per task:
    /// a copy already under way reports everything it has written again; a complete copy on disk is revalidated
    /// against the source (conditional GET) and reported from its <c>.md5</c> file; an interrupted one is resumed
    /// with a Range request where the source allows it.
    /// </summary>
    public sealed record StartCopy(string TaskId, string CopyId, TaskSource Source, int PieceSize, long HttpFileLength) : ICdnCommand;

    /// <summary>
    /// A client reported a bad piece from the supernode's copy: check that one piece on disk against the md5 the
    /// task recorded and, when the bytes differ, fetch its range from the source again and rewrite it in place.
    /// Answered to the sender with <see cref="TaskCommands.CdnPieceRepaired"/>. The rest of the copy is untouched
    /// (the Go supernode deletes the whole task instead).
    /// </summary>
    public sealed record RepairPiece(string TaskId, string CopyId, TaskSource Source, int PieceSize, int PieceNum, string ExpectedPieceMd5)
        : ICdnCommand;

    /// <summary>
    /// Remove the task's copy from this replica's disk (<c>DELETE /api/v1/tasks/{id}?full=true</c>): a copy being
    /// made is stopped first. Answered with <see cref="CdnReplies.CopyRemoved"/>.
    /// </summary>
    public sealed record RemoveCopy(string TaskId) : ICdnCommand;
}

/// <summary>What checking one piece of a complete copy found.</summary>
public enum PieceRepairOutcome
{
    /// <summary>The piece on disk matches its recorded md5: the client's copy was damaged on the way.</summary>
    Intact = 0,
    /// <summary>The piece was damaged on disk and has been fetched again and rewritten; it matches now.</summary>
    Rewritten = 1,
    /// <summary>The source now serves different bytes for the piece: the whole copy is stale.</summary>
    SourceChanged = 2,
    /// <summary>The piece could not be checked or fetched (source unreachable, copy still being made).</summary>
    Failed = 3,
    /// <summary>The data file is gone or not as long as the copy: no single piece can mend it, the copy is made again.</summary>
    CopyDamaged = 4,
}

/// <summary>What the registration-time probe of the source found.</summary>
public enum SourceProbeOutcome
{
    /// <summary>The source answered 200/206 (length known or −1), or a status the CDN will still try.</summary>
    Reachable = 0,
    /// <summary>404: remembered for <c>failAccessInterval</c>.</summary>
    NotFound = 1,
    /// <summary>401 or 407.</summary>
    AuthRequired = 2,
    /// <summary>No HTTP answer at all: refused, DNS failure, TLS failure.</summary>
    Unreachable = 3,
    /// <summary>The URL is not an http(s) URL the supernode may fetch.</summary>
    Denied = 4,
}

public static class CdnReplies
{
    public sealed record SourceProbed(string TaskId, SourceProbeOutcome Outcome, long ContentLength, int StatusCode, string Detail)
        : ISupernodeMessage, IWithTaskId;

    /// <summary>The copy of the task is no longer on the disk of the replica at <paramref name="NodeAddress"/>.</summary>
    public sealed record CopyRemoved(string TaskId, string NodeAddress) : ISupernodeMessage;
}

/// <summary>How a finished CDN copy came to be.</summary>
public enum CdnCopyOrigin
{
    Downloaded = 0,
    CacheHit = 1,
    Resumed = 2,
}
