using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Preheat;

public static class PreheatReplies
{
    /// <summary>The job runs: newly started (<paramref name="Started"/>) or already running.</summary>
    public sealed record Accepted(string PreheatId, bool Started) : ISupernodeMessage;

    /// <summary>The job already succeeded: Harbor's 208.</summary>
    public sealed record AlreadyDone(string PreheatId) : ISupernodeMessage;

    public sealed record PreheatUnknown(string PreheatId) : ISupernodeMessage;

    public sealed record Deleted(string PreheatId, bool Existed) : ISupernodeMessage;

    /// <summary>When the keeper should call again: now for an active job, its collection time for a finished one, never (null) for none.</summary>
    public sealed record Woken(string PreheatId, DateTimeOffset? NextWake) : ISupernodeMessage;

    /// <summary>A job as ops see it: URLs without passwords, credential headers masked.</summary>
    public sealed record PreheatView(
        string PreheatId,
        PreheatType Type,
        string Url,
        string Filter,
        string Identifier,
        ImmutableSortedDictionary<string, string> Headers,
        PreheatStatus Status,
        DateTimeOffset StartTime,
        DateTimeOffset? FinishTime,
        string ErrorMsg,
        ImmutableArray<PreheatLayer> Layers) : ISupernodeMessage;
}
