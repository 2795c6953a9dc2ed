using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tests.Protocol;

public sealed class BurstHoldTests
{
    private readonly BurstHold _hold = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

    [Fact]
    public void Each_event_restarts_the_quiet_wait()
    {
        _hold.Arrived(nowMs: 1000);

        Assert.True(_hold.IsHolding);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _hold.Left(1000));
        _hold.Extend(1500);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _hold.Left(1500));
    }

    [Fact]
    public void The_wait_never_passes_the_longest_hold()
    {
        _hold.Arrived(nowMs: 1000);

        _hold.Extend(1900);
        Assert.Equal(TimeSpan.FromMilliseconds(100), _hold.Left(1900));
        _hold.Extend(2000);
        Assert.Equal(TimeSpan.Zero, _hold.Left(2000));
        Assert.True(_hold.Outlasted(2000));
        Assert.Equal(TimeSpan.Zero, _hold.Left(5000));
    }

    [Fact]
    public void A_second_start_keeps_the_first_ones_and_a_release_ends_the_hold()
    {
        _hold.Arrived(nowMs: 1000);
        _hold.Arrived(nowMs: 1900);

        Assert.Equal(TimeSpan.FromMilliseconds(100), _hold.Left(1900));
        _hold.Release();
        Assert.False(_hold.IsHolding);
    }

    [Fact]
    public void An_extension_starts_no_hold()
    {
        _hold.Extend(1000);

        Assert.False(_hold.IsHolding);
    }

    [Fact]
    public void An_event_older_than_the_last_does_not_shorten_the_wait()
    {
        _hold.Arrived(nowMs: 1000);
        _hold.Extend(1200);

        _hold.Extend(1100);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _hold.Left(1200));
    }
}
