using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class DfgetCidTests
{
    [Theory]
    [InlineData("127.0.0.1-10570-1795352620.153", 1795352620153L)]
    [InlineData("10.0.0.7-1-1795352620", 1795352620000L)]
    public void A_dfget_cid_tells_when_its_download_started(string cid, long unixMs) =>
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), DfgetCid.StartedAt(cid));

    [Theory]
    [InlineData("")]
    [InlineData("client")]
    [InlineData("127.0.0.1-storm-7")]
    [InlineData("127.0.0.1-1-12.5")]
    [InlineData("127.0.0.1-1-NaN")]
    public void Other_ids_tell_nothing(string cid) => Assert.Null(DfgetCid.StartedAt(cid));

    [Fact]
    public void Recent_means_within_the_time_a_registration_may_be_on_its_way_either_way()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        string Cid(TimeSpan offset) => $"127.0.0.1-9-{(now + offset).ToUnixTimeMilliseconds() / 1000.0:F3}";
        Assert.True(DfgetCid.IsRecent(Cid(TimeSpan.FromSeconds(-30)), now));
        Assert.True(DfgetCid.IsRecent(Cid(TimeSpan.FromSeconds(30)), now));
        Assert.False(DfgetCid.IsRecent(Cid(-DfgetCid.RegistrationInFlight - TimeSpan.FromSeconds(1)), now));
    }
}
