using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Preheat;

/// <summary>The durable facts of a preheat job.</summary>
public interface IPreheatEvent : ISupernodeMessage;

public static class PreheatEvents
{
    /// <summary>A job starts (anew, when a failed one is asked for again): WAITING.</summary>
    public sealed record JobCreated(PreheatRequest Request, DateTimeOffset At) : IPreheatEvent;

    /// <summary>
    /// The tasks to warm are known (the file, or the image's layer blobs with the headers that fetch them): RUNNING.
    /// </summary>
    public sealed record LayersResolved(ImmutableArray<PreheatLayer> Layers, ImmutableSortedDictionary<string, string> Headers, DateTimeOffset At)
        : IPreheatEvent;

    /// <summary>
    /// One task's CDN copy ended; <paramref name="Error"/> says why when it failed. <paramref name="Bytes"/>, the copy's
    /// content, is 0 in events written before it was recorded.
    /// </summary>
    public sealed record LayerFinished(string TaskId, bool Success, string Error, DateTimeOffset At, long Bytes = 0) : IPreheatEvent;

    public sealed record JobSucceeded(DateTimeOffset At) : IPreheatEvent;

    public sealed record JobFailed(string Error, DateTimeOffset At) : IPreheatEvent;

    /// <summary>Deleted by an operator, or collected after the retention time: the job is forgotten.</summary>
    public sealed record JobForgotten(bool Collected, DateTimeOffset At) : IPreheatEvent;
}
