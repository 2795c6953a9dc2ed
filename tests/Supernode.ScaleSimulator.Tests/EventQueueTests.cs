using Supernode.ScaleSimulator.Engine;

namespace Supernode.ScaleSimulator.Tests;

public sealed class EventQueueTests
{
    [Fact]
    public void Events_come_out_by_time_and_ties_in_scheduling_order()
    {
        var q = new EventQueue<string>();
        q.Schedule(2.0, "late");
        q.Schedule(1.0, "first at 1");
        q.Schedule(0.5, "early");
        q.Schedule(1.0, "second at 1");
        q.Schedule(1.0, "third at 1");

        var seen = new List<(double, string)>();
        while (q.TryNext(out var e)) seen.Add((q.Now, e));

        Assert.Equal([(0.5, "early"), (1.0, "first at 1"), (1.0, "second at 1"), (1.0, "third at 1"), (2.0, "late")], seen);
        Assert.Equal(5, q.Processed);
    }

    [Fact]
    public void An_event_may_be_scheduled_now_but_not_in_the_past()
    {
        var q = new EventQueue<int>();
        q.Schedule(1.0, 1);
        Assert.True(q.TryNext(out _));
        q.Schedule(1.0, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Schedule(0.999, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Schedule(double.NaN, 3));
        Assert.True(q.TryNext(out var e));
        Assert.Equal(2, e);
        Assert.False(q.TryNext(out _));
        Assert.Equal(1.0, q.Now);
    }
}
