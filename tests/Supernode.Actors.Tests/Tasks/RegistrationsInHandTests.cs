using Akka.Actor;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class RegistrationsInHandTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stop_waits_for_every_registration_in_hand_and_is_handed_back_once()
    {
        var inHand = new RegistrationsInHand();
        Assert.True(inHand.MayStop());

        var awaiting = inHand.AwaitWrite(ActorRefs.Nobody, [new TaskEvents.ClientRegistered(Samples.Client(), T0)]);
        inHand.Continuing();
        Assert.False(inHand.MayStop());
        inHand.Written(awaiting);
        Assert.False(inHand.TakeDeferredStop());
        inHand.Continued();
        Assert.True(inHand.TakeDeferredStop());
        Assert.False(inHand.TakeDeferredStop());
    }

    [Fact]
    public void A_refused_event_fails_only_the_registrations_that_carried_it_and_a_failed_journal_fails_them_all()
    {
        var inHand = new RegistrationsInHand();
        var first = new TaskEvents.ClientRegistered(Samples.Client("a"), T0);
        var second = new TaskEvents.ClientRegistered(Samples.Client("b"), T0);
        inHand.AwaitWrite(ActorRefs.Nobody, [first]);
        inHand.AwaitWrite(ActorRefs.Nobody, [second]);

        Assert.Single(inHand.FailCarrying(first));
        Assert.True(inHand.Any);
        Assert.Single(inHand.FailAll());
        Assert.False(inHand.Any);
    }
}
