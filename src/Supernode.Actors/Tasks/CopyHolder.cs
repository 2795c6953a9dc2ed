using Akka.Actor;
using Supernode.Actors.Cdn;

namespace Supernode.Actors.Tasks;

/// <summary>
/// Where a task's single CDN copy is made, and whom the task asks about it: the replica recorded as its holder while
/// that replica is this one or an Up member; otherwise nobody, and the copy is made again on this replica. The one
/// place that decides it, for a recovery, a revalidation, a preheat and a client that found no copy alike.
/// </summary>
public sealed class CopyHolder(CdnLocation local, Func<string, bool> isNodeUp, IActorRef localCdn, Func<Address, ICanTell> cdnAt)
{
    /// <summary>How often clients reporting a missing CDN file make the holder check the copy again.</summary>
    private const long RecheckIntervalMs = 3000;

    // Not long.MinValue: now minus that overflows to a negative age, and the first recheck would never come.
    private long _recheckedAtMs;

    /// <summary>This incarnation has asked the holder about the copy (after a recovery it may be gone or stale).</summary>
    public bool Checked { get; set; }

    /// <summary>
    /// The holder is this replica: the same repo dir, whatever its addresses this start. For a copy recorded without
    /// its repo's identity: the same cluster address, or the same advertised download address, which only one process
    /// (with one repo dir) can serve.
    /// </summary>
    public bool IsLocal(CdnLocation holder) =>
        holder.RepoId.Length > 0 && local.RepoId.Length > 0
            ? holder.RepoId == local.RepoId
            : holder.NodeAddress == local.NodeAddress || (holder.AdvertiseIp == local.AdvertiseIp && holder.DownloadPort == local.DownloadPort);

    /// <summary>
    /// A copy on this replica's disk recorded under the addresses of an earlier start (a single node's remoting port
    /// is new each start): this replica's location now, else null.
    /// </summary>
    public CdnLocation? HereUnderAnotherAddress(TaskState task) =>
        task.CdnLocation is { } holder && holder != local && IsLocal(holder) ? local : null;

    /// <summary>The holder's copy can be used: it is here, or on an Up member.</summary>
    public bool IsUsable(CdnLocation holder) => IsLocal(holder) || isNodeUp(holder.NodeAddress);

    /// <summary>The CDN manager of the task's holder; null when there is none to ask and the copy is made here.</summary>
    public ICanTell? ManagerOf(TaskState task) => task.CdnLocation is { } holder && IsUsable(holder) ? ManagerAt(holder) : null;

    /// <summary>A copy under way or made on a replica that died or left: nobody can serve or finish it.</summary>
    public bool IsGone(TaskState task) =>
        task.CdnStatus is CdnStatus.Running or CdnStatus.Success && task.CdnLocation is { } holder && !IsUsable(holder);

    /// <summary>A disk GC removed a copy on <paramref name="nodeAddress"/>: is that the task's copy?</summary>
    public bool IsHolder(TaskState task, string nodeAddress) =>
        task.CdnLocation is { } holder
        && (holder.NodeAddress == nodeAddress || (nodeAddress == local.NodeAddress && IsLocal(holder)));

    public ICanTell ManagerAt(CdnLocation holder) => IsLocal(holder) ? localCdn : cdnAt(Address.Parse(holder.NodeAddress));

    /// <summary>Clients report a missing copy file: the holder is asked again at most every few seconds.</summary>
    public bool RecheckDue(long nowMs) => nowMs - _recheckedAtMs >= RecheckIntervalMs;

    public void Rechecked(long nowMs) => _recheckedAtMs = nowMs;

    /// <summary>Makes, resumes, revalidates or re-reports the copy: the holder's CDN manager knows which from its repo.</summary>
    public static CdnCommands.StartCopy StartCopy(TaskState task, string copyId, long httpFileLength) =>
        new(task.TaskId, copyId, task.Source!, task.PieceSize, httpFileLength);

    /// <summary>The same for the copy the task records.</summary>
    public static CdnCommands.StartCopy StartCopy(TaskState task) => StartCopy(task, task.CopyId, task.HttpFileLength);

    public static string NewCopyId() => Guid.NewGuid().ToString("N")[..16];
}
