using System.Collections.Immutable;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// The task's side of its groups (docs/scheduling.md, "One hot task"): when it splits, and what each group is told of
/// every change, numbered per group so a group that missed one asks for a baseline. Plain C#; the task entity owns one
/// per incarnation (<see cref="Epoch"/>).
/// </summary>
public sealed class TaskGroupFeeds
{
    private long[] _seq = [];

    public string Epoch { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// How many groups the task splits into now, or null: only once, when it reaches <paramref name="clientsPerGroup"/>
    /// clients while more than one replica is Up (on one replica a group more only shares the same cores).
    /// </summary>
    public static int? SplitInto(TaskState task, int clientsPerGroup, int upReplicas) =>
        task.Exists && task.Groups == 1 && upReplicas > 1 && task.Clients.Count >= clientsPerGroup
            ? TaskGroups.For(task.Clients.Count, upReplicas, clientsPerGroup)
            : null;

    /// <summary>
    /// What the groups are told of an applied event: nothing while the task is one entity, nor of the split itself,
    /// after which each group gets its <see cref="Baseline"/>.
    /// </summary>
    public IEnumerable<object> Applied(ITaskEvent e, TaskState before, TaskState after)
    {
        switch (e)
        {
            case TaskEvents.TaskSplit:
                yield break;
            case TaskEvents.TaskExpired or TaskEvents.TaskDeleted:
                for (var g = 0; g < before.Groups; g++) yield return new TaskGroupCommands.Dissolve(before.TaskId, g);
                yield break;
        }
        if (after.Groups <= 1) yield break;
        switch (e)
        {
            case TaskEvents.ClientRegistered r:
                yield return Next(after, ClientGroup.Of(r.Client.Cid, after.Groups), joined: [r.Client]);
                break;
            case TaskEvents.ClientServiceDown d:
                yield return Next(after, ClientGroup.Of(d.Cid, after.Groups), down: [d.Cid]);
                break;
            case TaskEvents.ClientRemoved r:
                yield return Next(after, ClientGroup.Of(r.Cid, after.Groups), left: [r.Cid]);
                break;
            default:
                foreach (var feed in TaskChanged(after)) yield return feed;
                break;
        }
    }

    /// <summary>The task itself changed (its copy's progress): every group is told.</summary>
    public IEnumerable<TaskGroupCommands.Feed> TaskChanged(TaskState task)
    {
        for (var g = 0; g < task.Groups && task.Groups > 1; g++) yield return Next(task, g, part: WithoutClients(task));
    }

    /// <summary>A piece of the CDN copy is served again: every group is told.</summary>
    public IEnumerable<TaskGroupCommands.Feed> Repaired(TaskState task, int pieceNum)
    {
        for (var g = 0; g < task.Groups && task.Groups > 1; g++) yield return Next(task, g, repaired: pieceNum);
    }

    /// <summary>Clients per baseline page: with their piece maps about 60 KB, half the remote transport's frame.</summary>
    public const int ClientsPerPage = 100;

    /// <summary>
    /// All a group needs to start, in pages: the task with the group's clients, and the task's own piece maps of them
    /// (what they had before the split; the group keeps its own from then on).
    /// </summary>
    public IEnumerable<TaskGroupCommands.Feed> Baseline(TaskState task, SchedulerSnapshot? scheduling, int group)
    {
        EnsureCounters(task.Groups);
        var seq = _seq[group];
        var maps = scheduling?.Clients.Where(c => ClientGroup.Of(c.Cid, task.Groups) == group).ToDictionary(c => c.Cid, StringComparer.Ordinal);
        var pages = task.Clients.Values.Where(c => ClientGroup.Of(c.Cid, task.Groups) == group).Chunk(ClientsPerPage)
            .DefaultIfEmpty([]).ToList();
        for (var page = 0; page < pages.Count; page++)
        {
            var clients = pages[page];
            var part = task with
            {
                Clients = clients.ToImmutableDictionary(c => c.Cid, task.Clients.KeyComparer),
                DownClients = clients.Where(c => task.DownClients.Contains(c.Cid)).Select(c => c.Cid).ToImmutableHashSet(task.DownClients.KeyComparer),
                Scheduling = scheduling is null ? null : scheduling with
                {
                    Clients = [.. clients.Select(c => maps!.GetValueOrDefault(c.Cid)).OfType<SchedulerSnapshot.Client>()],
                },
            };
            yield return new TaskGroupCommands.Feed(task.TaskId, group, task.Groups, Epoch, seq, Baseline: true, part, [], [], [],
                Page: page, Pages: pages.Count);
        }
    }

    public static TaskState WithoutClients(TaskState task) => task with
    {
        Clients = ImmutableDictionary<string, TaskClient>.Empty,
        DownClients = ImmutableHashSet<string>.Empty,
        Scheduling = null,
    };

    private TaskGroupCommands.Feed Next(TaskState task, int group, TaskState? part = null, ImmutableArray<TaskClient>? joined = null,
        ImmutableArray<string>? down = null, ImmutableArray<string>? left = null, int repaired = -1)
    {
        EnsureCounters(task.Groups);
        return new TaskGroupCommands.Feed(task.TaskId, group, task.Groups, Epoch, ++_seq[group], Baseline: false, part,
            joined ?? [], down ?? [], left ?? [], repaired);
    }

    private void EnsureCounters(int groups)
    {
        if (_seq.Length < groups) Array.Resize(ref _seq, groups);
    }
}
