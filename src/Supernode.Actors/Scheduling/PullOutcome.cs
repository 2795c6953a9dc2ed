using System.Collections.Immutable;

namespace Supernode.Actors.Scheduling;

/// <summary>What a <c>GET /peer/task</c> gets, before the entity dresses it up for the wire.</summary>
public abstract record PullOutcome
{
    private PullOutcome()
    {
    }

    /// <summary>600: the copy is complete and the client has every piece.</summary>
    public sealed record Finished : PullOutcome
    {
        public static readonly Finished Instance = new();

        private Finished()
        {
        }
    }

    /// <summary>601 with these pieces; never empty.</summary>
    public sealed record Assigned(ImmutableArray<PieceAssignment> Pieces) : PullOutcome;

    /// <summary>601 without data: the client already runs as many pieces as it may (dfget accepts it only then).</summary>
    public sealed record Busy : PullOutcome
    {
        public static readonly Busy Instance = new();

        private Busy()
        {
        }
    }

    /// <summary>602: nothing can be handed out now (nothing written yet, every source saturated, supernode budget used up).</summary>
    public sealed record Wait : PullOutcome
    {
        public static readonly Wait Instance = new();

        private Wait()
        {
        }
    }

    /// <summary>502: the client is not registered on this task.</summary>
    public sealed record UnknownClient : PullOutcome
    {
        public static readonly UnknownClient Instance = new();

        private UnknownClient()
        {
        }
    }
}
