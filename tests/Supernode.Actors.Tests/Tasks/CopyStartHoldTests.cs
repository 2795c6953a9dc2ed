using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class CopyStartHoldTests
{
    private readonly CopyStartHold _hold = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

    [Fact]
    public void Each_registration_restarts_the_quiet_wait()
    {
        _hold.Hold(nowMs: 1000);

        Assert.True(_hold.IsHolding);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _hold.Wait(1000));
        Assert.Equal(TimeSpan.FromMilliseconds(250), _hold.Wait(1500));
    }

    [Fact]
    public void The_wait_never_passes_the_longest_hold()
    {
        _hold.Hold(nowMs: 1000);

        Assert.Equal(TimeSpan.FromMilliseconds(100), _hold.Wait(1900));
        Assert.Equal(TimeSpan.Zero, _hold.Wait(2000));
        Assert.Equal(TimeSpan.Zero, _hold.Wait(5000));
    }

    [Fact]
    public void A_second_decision_keeps_the_first_ones_start_and_a_release_ends_the_hold()
    {
        _hold.Hold(nowMs: 1000);
        _hold.Hold(nowMs: 1900);

        Assert.Equal(TimeSpan.FromMilliseconds(100), _hold.Wait(1900));
        _hold.Release();
        Assert.False(_hold.IsHolding);
    }
}
