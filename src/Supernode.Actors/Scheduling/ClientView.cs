namespace Supernode.Actors.Scheduling;

/// <summary>A client as the scheduler sees it, for ops and tests.</summary>
/// <param name="PiecesHeld">Pieces it finished.</param>
/// <param name="PiecesRunning">Pieces handed to it and not yet reported.</param>
/// <param name="ProducerLoad">Pieces others are fetching from it now.</param>
/// <param name="ServiceErrors">Clients it failed since its last good upload.</param>
public readonly record struct ClientView(
    bool ServesPieces,
    bool Down,
    int PiecesHeld,
    int PiecesRunning,
    int ProducerLoad,
    int ConsecutiveFailures,
    int ServiceErrors);
