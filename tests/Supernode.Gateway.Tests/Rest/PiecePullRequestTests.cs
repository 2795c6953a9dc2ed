using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Rest;

namespace Supernode.Gateway.Tests.Rest;

/// <summary>How a REST pull's fields, from its body or its query, become the task's pull (docs/protocol.md).</summary>
public sealed class PiecePullRequestTests
{
    private static readonly string TaskId = new('a', 64);

    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value)));

    [Fact]
    public void No_status_is_a_first_pull_of_four_pieces_or_a_running_one_when_a_result_is_given()
    {
        var first = PiecePullRequest.None.ToCommand(TaskId, "c", "", out _)!;
        Assert.Equal((PullStatus.Started, -1, (PieceResult?)null, 4), (first.Status, first.PieceNum, first.Result, first.MaxPieces));

        var running = new PiecePullRequest(null, "peer-1", "8388608-12582911", "SUCCESS").ToCommand(TaskId, "c", "2", out _)!;
        Assert.Equal((PullStatus.Running, 2, (PieceResult?)PieceResult.Success, "peer-1", 2),
            (running.Status, running.PieceNum, running.Result, running.DstCid, running.MaxPieces));
    }

    [Fact]
    public void A_query_parameter_wins_over_the_body()
    {
        var body = new PiecePullRequest("RUNNING", "from-body", "0-4194303", "FAILED");
        var pull = body.With(Query(("dstPID", "from-query"), ("pieceResult", "SEMISUC"))).ToCommand(TaskId, "c", "", out _)!;
        Assert.Equal(("from-query", (PieceResult?)PieceResult.SemiSuccess, 0), (pull.DstCid, pull.Result, pull.PieceNum));
    }

    [Fact]
    public void Invalid_carries_no_result_and_finished_ends_the_download()
    {
        Assert.Null(new PiecePullRequest("RUNNING", "p", "0-4194303", "INVALID").ToCommand(TaskId, "c", "", out _)!.Result);
        Assert.Equal(PullStatus.Finished, new PiecePullRequest("FINISHED", null, null, null).ToCommand(TaskId, "c", "", out _)!.Status);
    }

    [Theory]
    [InlineData("DONE", null, null, "", "dfgetTaskStatus 'DONE'")]
    [InlineData(null, "OK", "0-1", "", "pieceResult 'OK'")]
    [InlineData("RUNNING", "SUCCESS", null, "", "pieceRange '' is not a piece range")]
    [InlineData("RUNNING", "SUCCESS", "9-1", "", "pieceRange '9-1'")]
    [InlineData(null, null, null, "0", "num '0'")]
    [InlineData(null, null, null, "-3", "num '-3'")]
    [InlineData(null, null, null, "many", "num 'many'")]
    public void What_cannot_be_a_pull_is_named(string? status, string? result, string? range, string num, string problem)
    {
        Assert.Null(new PiecePullRequest(status, null, range, result).ToCommand(TaskId, "c", num, out var why));
        Assert.Contains(problem, why);
    }
}
