using System.Collections.Immutable;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// A hot task's group, as plain C#: the task as its feeds tell it (<see cref="TaskGroupFeeds"/>), with the group's
/// clients only, and the group's scheduler. A feed out of sequence, or from another incarnation of the task entity,
/// is not applied: the group asks for a baseline. The group entity owns one and serializes the calls.
/// </summary>
public sealed class TaskGroupBook(string taskId, int group, SchedulerSettings settings)
{
    private TaskBook? _book;
    private string _epoch = "";
    private long _seq;

    /// <summary>The pages of a baseline received so far, all of one incarnation and sequence number.</summary>
    private readonly List<TaskGroupCommands.Feed> _baselinePages = [];

    /// <summary>Clients that pulled since <see cref="TakeActive"/>: the task counts them as in use.</summary>
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);

    public string TaskId { get; } = taskId;

    public int Group { get; } = group;

    /// <summary>The group's own piece maps, from its last snapshot, until the first baseline takes them.</summary>
    public SchedulerSnapshot? Recovered { get; set; }

    /// <summary>A baseline has been taken: the group schedules.</summary>
    public bool Joined => _book is not null;

    /// <summary>Groups of the task (known once joined).</summary>
    public int Groups { get; private set; } = 1;

    public TaskState State => _book?.State ?? TaskState.Empty(TaskId);

    public TaskScheduling Scheduling => _book?.Scheduling ?? throw new InvalidOperationException("the group has not joined its task");

    public enum Outcome
    {
        Applied,

        /// <summary>Already applied (it came before a baseline that covered it).</summary>
        Stale,

        /// <summary>A gap, or another incarnation of the task entity: the group asks for a baseline and applies nothing until then.</summary>
        NeedsBaseline,

        /// <summary>A page of a baseline whose other pages are still to come.</summary>
        Partial,
    }

    public Outcome Take(TaskGroupCommands.Feed feed)
    {
        if (feed.Baseline)
        {
            // One made before feeds this group already applied (it crossed them on the way) would undo them.
            if (_book is not null && feed.Epoch == _epoch && feed.Seq < _seq) return Outcome.Stale;
            if (!TakePage(feed)) return Outcome.Partial;
            AdoptBaseline(_baselinePages[0], Merged());
            _baselinePages.Clear();
            return Outcome.Applied;
        }
        if (_book is null || feed.Epoch != _epoch || feed.Seq > _seq + 1) return Outcome.NeedsBaseline;
        if (feed.Seq <= _seq) return Outcome.Stale;
        _seq = feed.Seq;
        if (feed.Task is { } task) _book.AdoptTask(task);
        var at = DateTimeOffset.UtcNow;
        foreach (var client in feed.Joined) _book.Apply(new TaskEvents.ClientRegistered(client, at));
        foreach (var cid in feed.Down) _book.Apply(new TaskEvents.ClientServiceDown(cid, at));
        foreach (var cid in feed.Left) _book.Apply(new TaskEvents.ClientRemoved(cid, at));
        if (feed.Repaired >= 0) _book.Scheduling.PieceRepaired(feed.Repaired);
        return Outcome.Applied;
    }

    /// <summary>Keeps a baseline page; true once every page of its baseline is in.</summary>
    private bool TakePage(TaskGroupCommands.Feed page)
    {
        if (_baselinePages.Count > 0 && (_baselinePages[0].Epoch != page.Epoch || _baselinePages[0].Seq != page.Seq)) _baselinePages.Clear();
        if (page.Task is not null && _baselinePages.All(p => p.Page != page.Page)) _baselinePages.Add(page);
        return _baselinePages.Count == page.Pages;
    }

    private TaskState Merged()
    {
        var pages = _baselinePages.OrderBy(p => p.Page).Select(p => p.Task!).ToList();
        var maps = pages.Where(p => p.Scheduling is not null).SelectMany(p => p.Scheduling!.Clients).ToArray();
        return pages[0] with
        {
            Clients = pages.SelectMany(p => p.Clients).ToImmutableDictionary(StringComparer.Ordinal),
            DownClients = pages.SelectMany(p => p.DownClients).ToImmutableHashSet(StringComparer.Ordinal),
            Scheduling = pages[0].Scheduling is { } first ? first with { Clients = maps } : null,
        };
    }

    /// <summary>A client's pull: it is in use.</summary>
    public void Touch(string cid) => _active.Add(cid);

    /// <summary>When each client that pulled without being known to the group was first seen doing so (monotonic ms).</summary>
    private readonly Dictionary<string, long> _unknownSince = new(StringComparer.Ordinal);

    private long? _lastBaselineAskMs;

    /// <summary>
    /// A pull of a client this group does not know, at <paramref name="nowMs"/>. Its registration is usually a feed
    /// behind; true when the group should ask for a baseline: a client still unknown after
    /// <paramref name="grace"/> means a feed was lost (a dead replica's buffer), and no later feed may come to show
    /// the gap. At most one ask per grace.
    /// </summary>
    public bool UnknownClientPulled(string cid, long nowMs, long grace)
    {
        if (State.Clients.ContainsKey(cid)) return false;
        if (!_unknownSince.TryAdd(cid, nowMs) && nowMs - _unknownSince[cid] >= grace && !(nowMs - _lastBaselineAskMs < grace))
        {
            _lastBaselineAskMs = nowMs;
            return true;
        }
        return false;
    }

    /// <summary>The clients that pulled since the last call.</summary>
    public string[] TakeActive()
    {
        var active = _active.ToArray();
        _active.Clear();
        return active;
    }

    public TaskGroupState Snapshot() => new(TaskId, Group, Scheduling.Snapshot());

    private void AdoptBaseline(TaskGroupCommands.Feed feed, TaskState baseline)
    {
        (_epoch, _seq, Groups) = (feed.Epoch, feed.Seq, feed.Groups);
        _unknownSince.Clear();
        if (_book is not null)
        {
            _book.AdoptBaseline(baseline);
            return;
        }
        _book = new TaskBook(TaskId, TaskGroups.SettingsOfGroup(settings, feed.Groups));
        // The group's own maps are newer than the task's, which stopped changing when it split.
        _book.Restore(baseline with { Scheduling = Recovered ?? baseline.Scheduling });
        Recovered = null;
        _book.ReconcileScheduler();
    }
}
