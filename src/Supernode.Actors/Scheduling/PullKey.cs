namespace Supernode.Actors.Scheduling;

/// <summary>
/// What one <c>GET /peer/task</c> said besides who sent it: its status, and the piece result it carried and where
/// that piece came from. Two pulls of a client with the same key are the same pull sent twice.
/// </summary>
public readonly record struct PullKey(int Status, int PieceNum, string DstCid, PieceResult? Result);
