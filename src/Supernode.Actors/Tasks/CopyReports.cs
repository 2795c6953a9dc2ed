namespace Supernode.Actors.Tasks;

/// <summary>
/// What the holder's reports about a task's CDN copy change, as pure rules tested without actors: the durable event
/// each report makes, if any. Reports of an older copy (another copy id) change nothing.
/// </summary>
public static class CopyReports
{
    /// <summary>
    /// Pieces written: soft progress of a running copy (<see cref="TaskState.WithPiecesWritten"/>), except when a
    /// finished copy is reported again from its first piece with other md5s: the holder found the source changed and
    /// fetches it again, which restarts the copy.
    /// </summary>
    public static TaskEvents.CdnCopyStarted? RestartedBy(this TaskState task, TaskCommands.CdnPiecesWritten p, DateTimeOffset now) =>
        p.CopyId == task.CopyId && task.CdnStatus == CdnStatus.Success && p.FirstPiece == 0 && !task.IsSameCopy(p.PieceMd5s)
            ? new TaskEvents.CdnCopyStarted(p.CopyId, task.CdnLocation!, p.HttpFileLength, now)
            : null;

    /// <summary>Whether written pieces are progress of the copy under way.</summary>
    public static bool IsProgress(this TaskState task, TaskCommands.CdnPiecesWritten p) =>
        p.CopyId == task.CopyId && task.CdnStatus == CdnStatus.Running;

    /// <summary>The copy ended: it succeeded (unless that is already known, a re-report) or failed.</summary>
    public static ITaskEvent? EndedBy(this TaskState task, TaskCommands.CdnCopyFinished f, DateTimeOffset now)
    {
        if (f.CopyId != task.CopyId) return null;
        if (!f.Success) return new TaskEvents.CdnCopyFailed(f.CopyId, f.Error, now);
        var known = task.CdnStatus == CdnStatus.Success && task.RealMd5 == f.RealMd5 && task.PieceMd5s.SequenceEqual(f.PieceMd5s);
        return known ? null : new TaskEvents.CdnCopySucceeded(f.CopyId, f.FileLength, f.HttpFileLength, f.RealMd5, f.PieceMd5s, now);
    }

    /// <summary>
    /// A disk GC removed the copy from its holder: it counts as failed, so the next registration makes it again (and
    /// pulls meanwhile make dfget register again), as after the Go supernode's task GC.
    /// </summary>
    public static TaskEvents.CdnCopyFailed? RemovedFromHolder(this TaskState task, bool removedFromHolder, DateTimeOffset now) =>
        task.Exists && removedFromHolder && task.CdnStatus != CdnStatus.Failed
            ? new TaskEvents.CdnCopyFailed(task.CopyId, "removed by the disk GC", now)
            : null;
}
