using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class DeferredStopTests
{
    [Fact]
    public void A_stop_waits_for_writes_and_registrations_in_hand_and_is_handed_back_once()
    {
        var stop = new DeferredStop();
        Assert.True(stop.MayStop(writesInHand: false));

        stop.Continuing();
        Assert.False(stop.MayStop(writesInHand: true));
        Assert.False(stop.TakeDeferred(writesInHand: false));
        stop.Continued();
        Assert.False(stop.TakeDeferred(writesInHand: true));
        Assert.True(stop.TakeDeferred(writesInHand: false));
        Assert.False(stop.TakeDeferred(writesInHand: false));
    }
}
