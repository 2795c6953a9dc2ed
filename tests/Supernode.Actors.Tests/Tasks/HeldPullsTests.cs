using Akka.TestKit.Xunit2;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>Pulls held while a piece may come: the holding rules, with probes as the callers.</summary>
public sealed class HeldPullsTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Hocon, output: output)
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TaskReplies.PiecesAssigned Pieces = new([]);
    private static readonly TaskReplies.PeerWait StillNothing = new("peer should wait", PieceMayCome: true);

    private static TaskCommands.PullPieceTask Pull(string cid, DateTimeOffset answerBy = default) =>
        new(Samples.TaskId(), cid, "", PullStatus.Started, -1, null, answerBy);

    [Fact]
    public void A_pull_is_held_at_most_a_second_and_never_past_its_callers_deadline()
    {
        var (a, b, c) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var held = new HeldPulls();
        Assert.True(held.TryHold(Pull("a"), a, 1000, At));
        Assert.True(held.TryHold(Pull("b", At.AddMilliseconds(300)), b, 1000, At));
        Assert.False(held.TryHold(Pull("c", At.AddMilliseconds(80)), c, 1000, At));

        held.Release(1249);
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        held.Release(1250);
        Assert.Equal(HeldPulls.NoPieceCame, b.ExpectMsg<TaskReplies.PeerWait>());
        held.Release(1999);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        held.Release(2000);
        a.ExpectMsg<TaskReplies.PeerWait>();
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public void Held_pulls_are_asked_again_oldest_first_until_one_still_finds_nothing()
    {
        var probes = new[] { CreateTestProbe(), CreateTestProbe(), CreateTestProbe() };
        var held = new HeldPulls();
        for (var i = 0; i < 3; i++) held.TryHold(Pull($"c{i}"), probes[i], 1000, At);
        var asked = new List<string>();

        held.Retry(1100, p =>
        {
            asked.Add(p.SrcCid);
            return p.SrcCid == "c1" ? StillNothing : Pieces;
        });

        Assert.Equal(["c0", "c1"], asked);
        Assert.Same(Pieces, probes[0].ExpectMsg<TaskReplies.PiecesAssigned>());
        probes[1].ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2, held.Count);
        held.Release(0, all: true);
        probes[2].ExpectMsg<TaskReplies.PeerWait>();
    }

    [Fact]
    public void A_pull_whose_time_passed_while_its_entity_was_busy_is_answered_wait_and_handed_nothing()
    {
        var late = CreateTestProbe();
        var held = new HeldPulls();
        held.TryHold(Pull("late"), late, 1000, At);

        held.Retry(2500, _ => throw new InvalidOperationException("a late pull is not scheduled"));

        late.ExpectMsg<TaskReplies.PeerWait>();
        Assert.Equal(0, held.Count);
    }
}
