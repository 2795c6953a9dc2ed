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

    /// <summary>
    /// The shard stops an idle entity whatever its own timers: were that before the expiry tick that forgets the task,
    /// nothing would ever forget it, and its journal rows would stay for good.
    /// </summary>
    [Theory]
    [InlineData(2, 3)]
    [InlineData(2, 10)]
    [InlineData(10, 30)]
    [InlineData(1, 60)]
    public void An_idle_task_is_stopped_only_after_its_expiry_tick_has_forgotten_it(int checkMinutes, int expireMinutes)
    {
        var expiry = new TaskExpiry(TimeSpan.FromMinutes(checkMinutes), TimeSpan.FromMinutes(expireMinutes));
        // The tick that finds it idle comes at most one check after the expire time.
        Assert.True(expiry.PassivateIdleAfter > expiry.TaskExpire + expiry.Check, $"{expiry.PassivateIdleAfter}");
    }

    [Theory]
    [InlineData(2, 6)]
    [InlineData(2, 13)]
    public void An_idle_peer_record_is_stopped_only_after_it_is_forgotten(int checkMinutes, int forgetMinutes)
    {
        var expiry = new Supernode.Actors.Peers.PeerExpiry(TimeSpan.FromMinutes(checkMinutes), TimeSpan.FromMinutes(forgetMinutes));
        Assert.True(expiry.PassivateIdleAfter > expiry.ForgetAfter + expiry.CheckEvery, $"{expiry.PassivateIdleAfter}");
    }
}
