using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// A client-side piece error (docs/protocol.md) as the task entity takes it, from the fields dfget's
/// <c>/peer/piece/error</c> query and the <c>/api/v1</c> route's JSON body share.
/// </summary>
public static class PieceErrorReport
{
    /// <param name="source">The cid that served the piece; on the <c>/api/v1</c> route a peer id.</param>
    /// <param name="problem">What is wrong when the answer is null.</param>
    public static TaskCommands.ReportPieceError? Create(
        string taskId, string srcCid, string source, string errorType, string range, string realMd5, string expectedMd5, out string problem)
    {
        problem = "";
        PieceErrorKind kind;
        switch (errorType)
        {
            case "FILE_NOT_EXIST": kind = PieceErrorKind.FileNotExist; break;
            case "FILE_MD5_NOT_MATCH": kind = PieceErrorKind.FileMd5NotMatch; break;
            default:
                problem = $"errorType {errorType} is not FILE_NOT_EXIST or FILE_MD5_NOT_MATCH";
                return null;
        }
        var pieceNum = -1;
        if (range.Length > 0 && !PieceRange.TryParsePieceNum(range, out pieceNum)) problem = $"range {range} is not a piece range";
        else if (kind == PieceErrorKind.FileMd5NotMatch && pieceNum < 0) problem = "FILE_MD5_NOT_MATCH needs a range";
        return problem.Length > 0 ? null : new TaskCommands.ReportPieceError(taskId, srcCid, source, kind, pieceNum, realMd5, expectedMd5);
    }
}
