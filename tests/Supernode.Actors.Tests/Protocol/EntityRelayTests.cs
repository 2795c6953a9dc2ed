using Akka.TestKit.Xunit2;
using Supernode.Actors.Protocol;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Protocol;

public sealed class EntityRelayTests(ITestOutputHelper output) : TestKit(ActorTestConfig.Hocon, output: output)
{
    private static EntityRelaySettings Settings(TimeSpan hold, TimeSpan maxHold) =>
        new(Concurrency: 2, AskTimeout: TimeSpan.FromSeconds(3), Attempts: 2, RetryAfter: TimeSpan.FromSeconds(1), Hold: hold, MaxHold: maxHold);

    [Fact]
    public void Without_a_hold_a_message_is_delivered_at_once()
    {
        var region = CreateTestProbe();
        var relay = Sys.ActorOf(EntityRelay.Props(region, Settings(TimeSpan.Zero, TimeSpan.Zero)));

        relay.Tell("record-1", Akka.Actor.ActorRefs.NoSender);

        region.ExpectMsg("record-1", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_burst_is_delivered_after_it_ends_and_in_full()
    {
        var region = CreateTestProbe();
        var relay = Sys.ActorOf(EntityRelay.Props(region, Settings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30))));

        for (var i = 0; i < 5; i++)
        {
            relay.Tell($"record-{i}", Akka.Actor.ActorRefs.NoSender);
            await Task.Delay(100);
        }
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        var delivered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            delivered.Add(region.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
            region.Reply("taken");
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"record-{i}"), delivered);
    }

    [Fact]
    public async Task A_burst_that_does_not_end_is_held_no_longer_than_the_longest_hold()
    {
        var region = CreateTestProbe();
        var relay = Sys.ActorOf(EntityRelay.Props(region, Settings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))));
        using var stop = new CancellationTokenSource();
        var burst = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                relay.Tell($"record-{i}", Akka.Actor.ActorRefs.NoSender);
                await Task.Delay(50);
            }
        });

        region.ExpectMsg("record-0", TimeSpan.FromSeconds(10));
        Assert.False(burst.IsCompleted);
        await stop.CancelAsync();
        await burst;
    }
}
