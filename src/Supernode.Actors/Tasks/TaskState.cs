using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// Everything a task entity knows. <see cref="Apply"/> is the only way durable facts change it; the CDN's
/// piece-by-piece progress (<see cref="WithPiecesWritten"/>) is soft and reaches the journal only in snapshots,
/// as does <see cref="Scheduling"/>, the scheduler's state (set only on the snapshot itself). A hot task's clients
/// are scheduled by <see cref="Groups"/> group entities (<see cref="TaskEvents.TaskSplit"/>); 1: by the task itself.
/// </summary>
public sealed record TaskState(
    string TaskId,
    TaskSource? Source,
    long HttpFileLength,
    int PieceSize,
    CdnStatus CdnStatus,
    string CopyId,
    CdnLocation? CdnLocation,
    long FileLength,
    string RealMd5,
    ImmutableList<string> PieceMd5s,
    ImmutableDictionary<string, TaskClient> Clients,
    ImmutableHashSet<string> DownClients,
    DateTimeOffset CreatedAt,
    SchedulerSnapshot? Scheduling = null,
    int Groups = 1,
    bool Paused = false) : ISupernodeMessage
{
    public static TaskState Empty(string taskId) => new(
        taskId, null, 0, PieceLayout.DefaultPieceSize, CdnStatus.Waiting, "", null, 0, "",
        ImmutableList<string>.Empty, ImmutableDictionary<string, TaskClient>.Empty, ImmutableHashSet<string>.Empty,
        DateTimeOffset.MinValue);

    public bool Exists => Source is not null;

    /// <summary>Pieces of the task: exact once the copy succeeded, else derived from the source length (0 when unknown).</summary>
    public int PieceTotal => CdnStatus == CdnStatus.Success
        ? PieceMd5s.Count
        : HttpFileLength >= 0 && Exists ? PieceLayout.PieceCount(HttpFileLength, PieceSize) : 0;

    public TaskState Apply(ITaskEvent e) => e switch
    {
        TaskEvents.TaskCreated c => this with
        {
            Source = c.Source,
            HttpFileLength = c.HttpFileLength,
            PieceSize = c.PieceSize,
            CdnStatus = CdnStatus.Waiting,
            CreatedAt = c.At,
        },
        TaskEvents.ClientRegistered r => this with
        {
            Clients = Clients.SetItem(r.Client.Cid, r.Client),
            DownClients = DownClients.Remove(r.Client.Cid),
        },
        TaskEvents.CdnCopyStarted s => this with
        {
            CopyId = s.CopyId,
            CdnLocation = s.Location,
            CdnStatus = CdnStatus.Running,
            HttpFileLength = s.HttpFileLength,
            FileLength = 0,
            RealMd5 = "",
            PieceMd5s = ImmutableList<string>.Empty,
        },
        TaskEvents.CdnCopySucceeded s => this with
        {
            CopyId = s.CopyId,
            CdnStatus = CdnStatus.Success,
            FileLength = s.FileLength,
            HttpFileLength = s.HttpFileLength,
            RealMd5 = s.RealMd5,
            PieceMd5s = s.PieceMd5s.ToImmutableList(),
        },
        TaskEvents.CdnCopyFailed f => f.CopyId == CopyId ? this with { CdnStatus = CdnStatus.Failed } : this,
        TaskEvents.ClientServiceDown d => this with { DownClients = DownClients.Add(d.Cid) },
        TaskEvents.ClientRemoved r => this with { Clients = Clients.Remove(r.Cid), DownClients = DownClients.Remove(r.Cid) },
        TaskEvents.TaskSplit s => this with { Groups = s.Groups },
        TaskEvents.TaskPaused p => this with { Paused = p.Paused },
        TaskEvents.TaskExpired or TaskEvents.TaskDeleted => Empty(TaskId),
        _ => this,
    };

    /// <summary>
    /// Records pieces the CDN wrote, <paramref name="firstPiece"/> onwards; a report that starts before the end
    /// of what is known replaces the rest (a re-reported or restarted copy). A gap is ignored: pieces arrive in order.
    /// </summary>
    public TaskState WithPiecesWritten(int firstPiece, IReadOnlyList<string> md5s, long httpFileLength)
    {
        if (firstPiece < 0 || firstPiece > PieceMd5s.Count) return this;
        var kept = firstPiece == PieceMd5s.Count ? PieceMd5s : PieceMd5s.GetRange(0, firstPiece);
        return this with
        {
            PieceMd5s = kept.AddRange(md5s),
            HttpFileLength = httpFileLength >= 0 ? httpFileLength : HttpFileLength,
        };
    }

    /// <summary>
    /// Piece md5s reported from the first piece on are those of the copy this task knows: a holder that revalidated
    /// its copy and found the source unchanged re-reports what is on its disk; anything else is a copy made anew.
    /// </summary>
    public bool IsSameCopy(IReadOnlyList<string> pieceMd5sFromFirst) =>
        pieceMd5sFromFirst.Count <= PieceMd5s.Count && pieceMd5sFromFirst.SequenceEqual(PieceMd5s.Take(pieceMd5sFromFirst.Count));

    /// <param name="entityNode">The cluster address of the replica running the task's entity.</param>
    public TaskReplies.TaskView View(string entityNode) => new(
        TaskId, Source!, CdnStatus, HttpFileLength, PieceSize, PieceTotal, FileLength, RealMd5, PieceMd5s.Count,
        CdnLocation, Clients.Keys.Order(StringComparer.Ordinal).ToImmutableArray(), CreatedAt, entityNode, Groups, Paused);
}
