namespace Supernode.Actors.Tasks;

/// <summary>The <c>status</c> of a <c>/peer/task</c> pull: 700 started, 701 running, 702 finished (never sent by dfget 1.x).</summary>
public enum PullStatus
{
    Started = 700,
    Running = 701,
    Finished = 702,
}

/// <summary>Why a client reported a piece it could not use (<c>/peer/piece/error</c>).</summary>
public enum PieceErrorKind
{
    /// <summary>The source answered 404.</summary>
    FileNotExist = 0,
    /// <summary>The bytes did not match the piece md5.</summary>
    FileMd5NotMatch = 1,
}

/// <summary>Why a pull cannot be served.</summary>
public enum PullFailure
{
    /// <summary>The task's CDN copy failed: nothing can be handed out until a registration makes it again.</summary>
    CopyFailed = 0,
    /// <summary>The task, or the client on it, is not known (any more): the client must register again.</summary>
    NotRegistered = 1,
}

/// <summary>One piece a client is told to fetch and where from (docs/protocol.md).</summary>
public sealed record PieceTask(
    int PieceNum,
    int PieceSize,
    string PieceMd5,
    string Cid,
    string PeerIp,
    int PeerPort,
    string Path,
    string PeerId = "");
