using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class RegistrationTallyTests
{
    [Fact]
    public void Nothing_recorded_is_nothing_to_tell()
    {
        Assert.Null(new RegistrationTally().Take());
    }

    [Fact]
    public void A_burst_is_told_once_with_its_count_and_its_span()
    {
        var tally = new RegistrationTally();
        tally.Recorded(1_000);
        tally.Recorded(1_200);
        tally.Recorded(1_650);
        Assert.Equal((3, TimeSpan.FromMilliseconds(650)), tally.Take());
        Assert.Null(tally.Take());
    }

    [Fact]
    public void The_next_tally_starts_at_its_own_first_registration()
    {
        var tally = new RegistrationTally();
        tally.Recorded(1_000);
        tally.Take();
        tally.Recorded(9_000);
        Assert.Equal((1, TimeSpan.Zero), tally.Take());
    }
}
