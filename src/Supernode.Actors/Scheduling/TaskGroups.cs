namespace Supernode.Actors.Scheduling;

/// <summary>
/// How a hot task's clients are split into groups, each scheduled by its own entity, and how the groups stay one
/// P2P network (docs/scheduling.md, "One hot task"). Plain rules, chosen with the scale simulator.
/// </summary>
public static class TaskGroups
{
    /// <summary>A group schedules about this many clients: a task with fewer stays one entity.</summary>
    public const int ClientsPerGroup = 1_000;

    /// <summary>Siblings each group shares its holders with: the next ones round the ring of groups.</summary>
    public const int ShareWith = 2;

    /// <summary>Pieces a holder serves at once to the clients of each sibling it is shared with.</summary>
    public const int SiblingUploadLimit = 1;

    /// <summary>Holders of each piece a group shares.</summary>
    public const int SharePerPiece = 4;

    /// <summary>
    /// How often a group shares its holders. Every 300 ms cost the three-replica hot-task benchmark a fifth of its
    /// calls/s (each share replaces most of the holders a sibling knows); every second cost nothing measurable, and the
    /// scale simulator finishes 10,000 clients as fast (14.9 s against 15.1 s).
    /// </summary>
    public static readonly TimeSpan ShareInterval = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// Groups for a task of <paramref name="clients"/> clients: one below <paramref name="clientsPerGroup"/>, else enough
    /// for a group per <paramref name="clientsPerGroup"/> clients and at least one per Up replica, so every replica takes
    /// part of the task.
    /// </summary>
    public static int For(int clients, int upReplicas, int clientsPerGroup = ClientsPerGroup) =>
        clients < clientsPerGroup ? 1 : Math.Max(Math.Max(1, upReplicas), (clients + clientsPerGroup - 1) / clientsPerGroup);

    /// <summary>The siblings group <paramref name="group"/> of <paramref name="groups"/> tells its holders.</summary>
    public static IEnumerable<int> SharesWith(int group, int groups)
    {
        for (var k = 1; k <= Math.Min(ShareWith, groups - 1); k++) yield return (group + k) % groups;
    }

    /// <summary>
    /// The scheduler settings of one group: a part of the task's supernode budget, and of each client's upload slots
    /// the part its own group may use, since the siblings it is shared with each use one more. A client whose uploads
    /// are shared by more downloaders than it has slots serves each of them slower, and the whole fleet with it.
    /// </summary>
    public static SchedulerSettings SettingsOfGroup(SchedulerSettings task, int groups)
    {
        if (groups <= 1) return task;
        var siblings = Math.Min(ShareWith, groups - 1);
        return task with
        {
            SupernodeBudget = Math.Max(1, (task.EffectiveSupernodeBudget + groups - 1) / groups),
            PeerUpLimit = Math.Max(1, task.PeerUpLimit - siblings * SiblingUploadLimit),
        };
    }
}
