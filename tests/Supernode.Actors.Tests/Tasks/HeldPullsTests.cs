using Akka.Actor;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>Pulls held while a piece may come, without actors.</summary>
public sealed class HeldPullsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TaskReplies.PiecesAssigned Pieces = new([]);

    private static TaskCommands.PullPieceTask Pull(string cid, DateTimeOffset answerBy = default) =>
        new(Samples.TaskId(), cid, "", PullStatus.Started, -1, null, answerBy);

    [Fact]
    public void A_pull_is_held_at_most_a_second_and_never_past_its_callers_deadline()
    {
        var held = new HeldPulls();
        Assert.True(held.TryHold(Pull("a"), ActorRefs.Nobody, 1000, Now));
        Assert.True(held.TryHold(Pull("b", Now.AddMilliseconds(300)), ActorRefs.Nobody, 1000, Now));
        Assert.False(held.TryHold(Pull("c", Now.AddMilliseconds(80)), ActorRefs.Nobody, 1000, Now));

        Assert.Empty(held.Release(1249));
        Assert.Equal(["b"], held.Release(1250).Select(h => h.Pull.SrcCid));
        Assert.Empty(held.Release(1999));
        Assert.Equal(["a"], held.Release(2000).Select(h => h.Pull.SrcCid));
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public void Held_pulls_are_asked_again_oldest_first_until_one_still_finds_nothing()
    {
        var held = new HeldPulls();
        foreach (var cid in new[] { "a", "b", "c" }) held.TryHold(Pull(cid), ActorRefs.Nobody, 1000, Now);
        var asked = new List<string>();
        var answered = new List<ISupernodeMessage?>();

        held.Retry(1100, p =>
        {
            asked.Add(p.SrcCid);
            return p.SrcCid == "b" ? null : Pieces;
        }, (_, reply) => answered.Add(reply));

        Assert.Equal(["a", "b"], asked);
        Assert.Equal([Pieces], answered);
        Assert.Equal(2, held.Count);
    }

    [Fact]
    public void A_pull_whose_time_passed_while_its_entity_was_busy_is_answered_wait_and_handed_nothing()
    {
        var held = new HeldPulls();
        held.TryHold(Pull("late"), ActorRefs.Nobody, 1000, Now);
        var answered = new List<ISupernodeMessage?>();

        held.Retry(2500, _ => throw new InvalidOperationException("a late pull is not scheduled"), (_, reply) => answered.Add(reply));

        Assert.Equal([null], answered);
        Assert.Equal(0, held.Count);
    }
}
