namespace Supernode.Actors.Scheduling;

/// <summary>One piece of a 601 answer and where to fetch it.</summary>
/// <param name="SourceCid">The client to fetch it from, or null for the supernode's own copy.</param>
public readonly record struct PieceAssignment(int PieceNum, string? SourceCid)
{
    public bool FromSupernode => SourceCid is null;
}
