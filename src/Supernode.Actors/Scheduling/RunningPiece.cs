namespace Supernode.Actors.Scheduling;

/// <summary>A piece handed to a client and not yet reported: what to release when the result (or the timeout) comes.</summary>
/// <param name="Id">Tells this assignment from a later one of the same piece to the same client.</param>
internal readonly record struct RunningPiece(int Piece, ClientRef Source, long Id);
