using System.Collections.Immutable;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Preheat;

/// <summary>What a new <c>POST</c> of an existing job's id does.</summary>
public enum CreateDecision
{
    /// <summary>No job, or a failed one (asked for again after a fix, e.g. of credentials): it starts.</summary>
    Start = 0,
    /// <summary>The job is waiting or running: Go answers 201 with its id, and nothing starts twice.</summary>
    AlreadyRunning = 1,
    /// <summary>The job succeeded: 208 "preheat task already exists".</summary>
    AlreadyDone = 2,
}

/// <summary>
/// A preheat job: what was asked, its status and each task it warms. <see cref="Apply"/> is the only way it
/// changes; the rules that decide the next event are pure too, and tested without actors.
/// </summary>
public sealed record PreheatState(
    string Id,
    PreheatRequest? Request,
    PreheatStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? FinishTime,
    string ErrorMsg,
    ImmutableArray<PreheatLayer> Layers,
    ImmutableSortedDictionary<string, string> LayerHeaders) : ISupernodeMessage
{
    public static PreheatState Empty(string id) => new(id, null, PreheatStatus.Waiting, DateTimeOffset.MinValue, null, "",
        ImmutableArray<PreheatLayer>.Empty, ImmutableSortedDictionary<string, string>.Empty);

    public bool Exists => Request is not null;

    /// <summary>Waiting or running: the job has work to do (and resumes it after a crash or restart).</summary>
    public bool IsActive => Exists && Status is PreheatStatus.Waiting or PreheatStatus.Running;

    public IEnumerable<PreheatLayer> PendingLayers => Layers.Where(l => !l.Finished);

    public int LayersDone => Layers.Count(l => l.Finished);

    /// <summary>A pending layer's copy has grown to <paramref name="bytes"/>: progress only, not an event.</summary>
    public PreheatState WithProgress(string taskId, long bytes) => this with
    {
        Layers = Layers.Select(l => l.TaskId == taskId && !l.Finished ? l with { Bytes = bytes } : l).ToImmutableArray(),
    };

    public PreheatState Apply(IPreheatEvent e) => e switch
    {
        PreheatEvents.JobCreated c => Empty(Id) with { Request = c.Request, StartTime = c.At },
        PreheatEvents.LayersResolved r => this with
        {
            Status = PreheatStatus.Running,
            // A task already warmed by an earlier resolution of this job stays warmed.
            Layers = r.Layers.Select(l => Layers.FirstOrDefault(old => old.TaskId == l.TaskId && old.Status == PreheatStatus.Success) ?? l)
                .ToImmutableArray(),
            LayerHeaders = r.Headers,
        },
        PreheatEvents.LayerFinished f => this with
        {
            Layers = Layers.Select(l => l.TaskId == f.TaskId && !l.Finished
                ? l with { Status = f.Success ? PreheatStatus.Success : PreheatStatus.Failed, Error = f.Error, FinishTime = f.At, Bytes = Math.Max(l.Bytes, f.Bytes) }
                : l).ToImmutableArray(),
        },
        PreheatEvents.JobSucceeded s => this with { Status = PreheatStatus.Success, FinishTime = s.At },
        PreheatEvents.JobFailed f => this with { Status = PreheatStatus.Failed, FinishTime = f.At, ErrorMsg = f.Error },
        PreheatEvents.JobForgotten => Empty(Id),
        _ => this,
    };

    public CreateDecision Decide() => Status switch
    {
        _ when !Exists => CreateDecision.Start,
        PreheatStatus.Failed => CreateDecision.Start,
        PreheatStatus.Success => CreateDecision.AlreadyDone,
        _ => CreateDecision.AlreadyRunning,
    };

    /// <summary>
    /// How a running job ends once its tasks report (Go's image rule): the first failed task fails it, naming its
    /// URL; every task warmed (or none to warm) makes it a success; otherwise null, it goes on.
    /// </summary>
    public IPreheatEvent? Outcome(DateTimeOffset now)
    {
        if (Status != PreheatStatus.Running) return null;
        if (Layers.FirstOrDefault(l => l.Status == PreheatStatus.Failed) is { } failed)
            return new PreheatEvents.JobFailed(Layers.Length == 1 && failed.Digest.Length == 0 ? failed.Error : $"{TaskSource.WithoutPassword(failed.Url)} {failed.Error}", now);
        return Layers.All(l => l.Status == PreheatStatus.Success) ? new PreheatEvents.JobSucceeded(now) : null;
    }

    /// <summary>An unfinished job older than <paramref name="timeout"/> fails (Go: 30 minutes), so none stays RUNNING for ever.</summary>
    public IPreheatEvent? TimedOut(DateTimeOffset now, TimeSpan timeout) =>
        IsActive && now - StartTime >= timeout
            ? new PreheatEvents.JobFailed($"timeout: not finished within {timeout.TotalMinutes:0.#} minutes", now)
            : null;

    /// <summary>When a finished job is collected; null while it is active (or unknown).</summary>
    public DateTimeOffset? CollectAt(TimeSpan retention) => Exists && !IsActive && FinishTime is { } finished ? finished + retention : null;

    /// <summary>The task a layer names, with the headers that fetch it.</summary>
    public TaskSource SourceOf(PreheatLayer layer) =>
        Request!.Type == PreheatType.File ? Request.FileSource() : PreheatRequest.Source(layer.Url, layer.Url, "", LayerHeaders);

    public PreheatReplies.PreheatView View() => new(
        Id, Request!.Type, Request.SafeUrl, Request.Filter, Request.Identifier, Request.SafeHeaders, Status, StartTime, FinishTime, ErrorMsg,
        Layers.Select(l => l with { Url = TaskSource.WithoutPassword(l.Url) }).ToImmutableArray());
}
