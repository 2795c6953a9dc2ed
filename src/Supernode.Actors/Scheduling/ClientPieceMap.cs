namespace Supernode.Actors.Scheduling;

/// <summary>One client of a task as the scheduler sees it right now, for ops (the live piece map).</summary>
/// <param name="Held">Pieces it finished, as <see cref="PieceRanges"/>.</param>
/// <param name="Shared">Pieces others may fetch from it (it announced them and its uploader is up).</param>
/// <param name="Running">Pieces handed to it and not reported yet, with the cid they come from.</param>
/// <param name="Blacklist">Sources that failed it; it is not sent to them again.</param>
/// <param name="ProducerLoad">Pieces other clients are fetching from it now.</param>
public sealed record ClientPieceMap(
    string Cid,
    bool ServesPieces,
    bool Down,
    int PiecesHeld,
    string Held,
    string Shared,
    IReadOnlyList<RunningPieceView> Running,
    IReadOnlyList<string> Blacklist,
    int ProducerLoad,
    int ConsecutiveFailures,
    int ServiceErrors);

/// <summary>A piece in flight to a client, and who serves it (a client's cid, or the supernode's).</summary>
public sealed record RunningPieceView(int Piece, string From);
