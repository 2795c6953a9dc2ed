using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class TaskExpiryTests
{
    private static readonly TaskExpiry Expiry = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1));

    [Fact]
    public void Go_defaults()
    {
        var d = new TaskExpiry();
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)), (d.Check, d.TaskExpire, d.ClientGc));
    }

    [Fact]
    public void Silent_clients_and_long_down_ones_are_forgotten_counting_unknown_ones_from_the_start()
    {
        const long start = 0, now = 200_000;
        var seen = new Dictionary<string, long> { ["active"] = 190_000, ["silent"] = 10_000, ["down-recently"] = 190_000, ["down-long"] = 190_000 };
        var down = new Dictionary<string, long> { ["down-recently"] = 170_000, ["down-long"] = 100_000 };

        var forgotten = Expiry.ClientsToForget(["active", "silent", "down-recently", "down-long", "never-seen"], seen, down, start, now);

        Assert.Equal(["silent", "down-long", "never-seen"], forgotten);
    }
}
