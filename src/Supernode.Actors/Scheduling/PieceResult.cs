namespace Supernode.Actors.Scheduling;

/// <summary>The result of one piece as a client reports it on <c>/peer/task</c> (status 701).</summary>
public enum PieceResult
{
    /// <summary><c>result=501</c>, or a <c>/peer/piece/suc</c>.</summary>
    Success = 0,

    /// <summary><c>result=503</c>: what dfget really sends after a good piece; counts as a success.</summary>
    SemiSuccess = 1,

    /// <summary><c>result=500</c>.</summary>
    Failed = 2,
}
