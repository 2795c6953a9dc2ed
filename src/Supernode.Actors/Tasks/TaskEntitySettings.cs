using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>What a task entity needs to know about the replica it runs on and the knobs that shape it.</summary>
/// <param name="LocalCdn">This replica, as a CDN copy holder.</param>
/// <param name="IsNodeUp">Whether the replica at a cluster address is an Up member (a copy there is usable).</param>
/// <param name="FailAccessInterval">How long a source that answered 404 is refused without asking it again.</param>
/// <param name="ReplyTimeout">How long the entity waits for its CDN manager's probe or revalidation.</param>
/// <param name="SnapshotEvery">
/// Save a snapshot every this many events, besides the soft-state ones: it bounds what a recovery replays. A snapshot
/// holds every client (hundreds of KB for a task of thousands), and a fleet registering at once writes an event per
/// client, so it is rare: replaying a thousand small events costs less than writing the state again every hundred.
/// </param>
/// <param name="Scheduler">Piece scheduling limits; null for the defaults.</param>
/// <param name="Announce">Tells every replica what it needs to know of the task (<see cref="TaskAnnouncements"/>).</param>
/// <param name="SoftStateEvery">
/// How often changed soft state (piece bitmaps, CDN progress) is snapshotted: what a crash may cost is at most
/// this much progress, which clients redo; never one database write per piece report.
/// </param>
/// <param name="CopyStartQuiet">
/// A copy decided on while other clients were registering begins once the task's registrations have stopped arriving
/// and being written for this long (<see cref="BurstHold"/>); zero: at once.
/// </param>
/// <param name="CopyStartMaxWait">... and at the latest this long after it was decided on.</param>
/// <param name="ReplicaRegistrations">
/// This replica's registrations of every task: a held copy also waits for them to stop; null: only for its own task's.
/// </param>
/// <param name="ClientsPerGroup">Clients at which a task splits into groups, and per group; null: <see cref="TaskGroups.ClientsPerGroup"/>.</param>
public sealed record TaskEntitySettings(
    CdnLocation LocalCdn,
    Func<string, bool> IsNodeUp,
    TimeSpan FailAccessInterval,
    TimeSpan ReplyTimeout,
    int SnapshotEvery = 1000,
    SchedulerSettings? Scheduler = null,
    TimeSpan? SoftStateEvery = null,
    TaskExpiry? Expiry = null,
    Func<int>? UpReplicas = null,
    Action<TaskAnnouncements.IAnnouncement>? Announce = null,
    TimeSpan? CopyStartQuiet = null,
    TimeSpan? CopyStartMaxWait = null,
    RegistrationActivity? ReplicaRegistrations = null,
    int? ClientsPerGroup = null)
{
    /// <summary>A task splits into groups when it has this many clients (<see cref="TaskGroupFeeds.SplitInto"/>).</summary>
    public int ClientsPerGroupOrDefault => ClientsPerGroup ?? TaskGroups.ClientsPerGroup;

    public BurstHold NewCopyStartHold() =>
        new(CopyStartQuiet ?? TimeSpan.FromMilliseconds(250), CopyStartMaxWait ?? TimeSpan.FromSeconds(1));

    public int UpReplicaCount => UpReplicas?.Invoke() ?? 1;

    public TaskExpiry ExpiryOrDefault => Expiry ?? new TaskExpiry();

    public SchedulerSettings SchedulerOrDefault => Scheduler ?? SchedulerSettings.Default;

    public TimeSpan SoftStateInterval => SoftStateEvery ?? TimeSpan.FromSeconds(5);
}
