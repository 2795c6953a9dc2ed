namespace Supernode.Actors.Protocol;

/// <summary>
/// Marker of every message, event and snapshot that crosses a node boundary or reaches the journal.
/// The supernode serializer is bound to it; strict serialization refuses anything else.
/// </summary>
public interface ISupernodeMessage;

/// <summary>Routed to the task entity with this id.</summary>
public interface IWithTaskId
{
    string TaskId { get; }
}

/// <summary>Routed to the peer entity with this id.</summary>
public interface IWithPeerId
{
    string PeerId { get; }
}

/// <summary>Routed to the preheat entity with this id.</summary>
public interface IWithPreheatId
{
    string PreheatId { get; }
}
