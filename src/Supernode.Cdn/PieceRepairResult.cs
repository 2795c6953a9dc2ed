using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>How one piece repair ended.</summary>
/// <param name="Error">Why, for <see cref="PieceRepairOutcome.SourceChanged"/>, <see cref="PieceRepairOutcome.Failed"/> and
/// <see cref="PieceRepairOutcome.CopyDamaged"/>; else empty.</param>
/// <param name="SourceBytes">Body bytes read from the source, those read past on the way to the piece included.</param>
public sealed record PieceRepairResult(PieceRepairOutcome Outcome, string Error, long SourceBytes)
{
    public static readonly PieceRepairResult Intact = new(PieceRepairOutcome.Intact, "", 0);

    public static PieceRepairResult Failed(string error) => new(PieceRepairOutcome.Failed, error, 0);

    public static PieceRepairResult Damaged(string error) => new(PieceRepairOutcome.CopyDamaged, error, 0);

    /// <summary>The answer to a task that asked for this repair under <paramref name="copyId"/>.</summary>
    public TaskCommands.CdnPieceRepaired To(CdnCommands.RepairPiece cmd, string copyId) =>
        new(cmd.TaskId, copyId, cmd.PieceNum, Outcome, Error);
}
