using Supernode.ScaleSimulator.Engine;
using Supernode.ScaleSimulator.Network;

namespace Supernode.ScaleSimulator.Tests;

/// <summary>Rates and completion times on hand-computable cases (capacities in bytes per second).</summary>
public sealed class FairShareNetworkTests
{
    private readonly EventQueue<(int Transfer, int Version)> _queue = new();
    private readonly List<(int Transfer, int Version, double At)> _scheduled = [];
    private readonly FairShareNetwork _net;

    public FairShareNetworkTests() => _net = new FairShareNetwork(4, (t, v, at) =>
    {
        _scheduled.Add((t, v, at));
        _queue.Schedule(at, (t, v));
    });

    /// <summary>Runs the transfers to their ends; returns (tag, end time) in order of completion.</summary>
    private List<(int Tag, double At)> RunToEnd()
    {
        var ends = new List<(int, double)>();
        while (_queue.TryNext(out var e))
            if (_net.IsCurrent(e.Transfer, e.Version))
                ends.Add((_net.Complete(e.Transfer, _queue.Now).Tag, _queue.Now));
        return ends;
    }

    [Fact]
    public void A_lone_transfer_runs_at_the_slower_end()
    {
        _net.SetCapacity(0, up: 100, down: 1);
        _net.SetCapacity(1, up: 1, down: 40);
        var t = _net.Start(0, sender: 0, receiver: 1, bytes: 200, tag: 7);
        Assert.Equal(40, _net.RateOf(t));
        Assert.Equal([(7, 5.0)], RunToEnd());
        Assert.Equal(0, _net.Active);
    }

    [Fact]
    public void Uploads_share_the_sender_and_the_survivor_speeds_up()
    {
        _net.SetCapacity(0, up: 100, down: 1);
        _net.SetCapacity(1, up: 1, down: 1_000);
        _net.SetCapacity(2, up: 1, down: 1_000);
        var a = _net.Start(0, 0, 1, bytes: 100, tag: 1);
        var b = _net.Start(0, 0, 2, bytes: 200, tag: 2);
        Assert.Equal(50, _net.RateOf(a));
        Assert.Equal(50, _net.RateOf(b));
        // a: 100 B at 50 B/s ends at 2 s; b then has 100 B left at the full 100 B/s: 1 s more.
        Assert.Equal([(1, 2.0), (2, 3.0)], RunToEnd());
    }

    [Fact]
    public void A_transfer_takes_the_smaller_of_its_two_shares()
    {
        // Node 0 uploads to 1 and 2; node 3 also uploads to 1. Node 1's download is the bottleneck of its two.
        _net.SetCapacity(0, up: 100, down: 1);
        _net.SetCapacity(1, up: 1, down: 60);
        _net.SetCapacity(2, up: 1, down: 1_000);
        _net.SetCapacity(3, up: 100, down: 1);
        var a = _net.Start(0, 0, 1, bytes: 1_000, tag: 1);
        var b = _net.Start(0, 0, 2, bytes: 1_000, tag: 2);
        var c = _net.Start(0, 3, 1, bytes: 1_000, tag: 3);
        Assert.Equal(30, _net.RateOf(a)); // min(100/2, 60/2)
        Assert.Equal(50, _net.RateOf(b)); // min(100/2, 1000/1): node 0's unused 20 B/s are not handed over
        Assert.Equal(30, _net.RateOf(c)); // min(100/1, 60/2)
        Assert.Equal(3, _net.Uploads(0) + _net.Uploads(3));
        Assert.Equal(2, _net.Downloads(1));
    }

    [Fact]
    public void A_rate_change_makes_the_earlier_completion_stale()
    {
        _net.SetCapacity(0, up: 100, down: 1);
        _net.SetCapacity(1, up: 1, down: 1_000);
        _net.SetCapacity(2, up: 1, down: 1_000);
        var a = _net.Start(0, 0, 1, bytes: 100, tag: 1);
        var (transfer, version, at) = Assert.Single(_scheduled);
        Assert.Equal((a, 1.0), (transfer, at));
        Assert.True(_net.IsCurrent(transfer, version));

        _net.Start(0.5, 0, 2, bytes: 100, tag: 2);
        Assert.False(_net.IsCurrent(transfer, version));
        Assert.Equal(50, _net.RateOf(a));
        // a: 50 B done in 0.5 s, 50 B left at 50 B/s.
        Assert.Contains((a, version + 1, 1.5), _scheduled);
    }

    [Fact]
    public void A_node_does_not_send_to_itself()
    {
        _net.SetCapacity(0, up: 1, down: 1);
        Assert.Throws<ArgumentException>(() => _net.Start(0, 0, 0, bytes: 1, tag: 0));
    }
}
