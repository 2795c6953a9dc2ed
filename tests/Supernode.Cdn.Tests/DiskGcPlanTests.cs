namespace Supernode.Cdn.Tests;

public sealed class DiskGcPlanTests
{
    private const long Young = 100, Full = 10, Now = 1_000_000;
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(100);

    private static readonly CopyOnDisk[] Copies =
    [
        new("c", 1, LastUsedMs: 300, InUse: false),
        new("a", 1, LastUsedMs: 100, InUse: false),
        new("busy", 1, LastUsedMs: 50, InUse: true),
        new("b", 1, LastUsedMs: 200, InUse: false),
    ];

    [Fact]
    public void Nothing_goes_while_more_than_the_young_threshold_is_free() =>
        Assert.Empty(DiskGcPlan.Choose(Copies, Young + 1, Young, Full, 10, Now, Threshold));

    [Theory]
    [InlineData(1, new[] { "a" })]
    [InlineData(4, new[] { "a", "b" })]
    [InlineData(10, new[] { "a", "b", "c" })]
    public void Below_the_young_threshold_the_least_recently_used_tenths_go_first(int cleanRatio, string[] expected) =>
        Assert.Equal(expected, DiskGcPlan.Choose(Copies, Young, Young, Full, cleanRatio, Now, Threshold).Select(c => c.TaskId));

    [Fact]
    public void At_the_full_threshold_every_copy_not_in_use_goes_and_never_one_in_use() =>
        Assert.Equal(["a", "b", "c"], DiskGcPlan.Choose(Copies, Full, Young, Full, 1, Now, Threshold).Select(c => c.TaskId));

    /// <summary>
    /// Used regularly: last used no longer ago than the interval between its last two uses plus the threshold. Such a
    /// copy goes only after every other (largest first), however long ago it was used.
    /// </summary>
    [Fact]
    public void A_copy_used_regularly_goes_after_those_that_are_not()
    {
        CopyOnDisk[] copies =
        [
            new("hourly", 5, LastUsedMs: Now - 3_600_000, InUse: false, IntervalMs: 3_600_000),
            new("hourly-small", 1, LastUsedMs: Now - 3_600_000, InUse: false, IntervalMs: 3_600_000),
            new("once", 1, LastUsedMs: Now - 60_000, InUse: false),
            new("lapsed", 1, LastUsedMs: Now - 500_000, InUse: false, IntervalMs: 100_000),
        ];

        Assert.Equal(["lapsed", "once"], DiskGcPlan.Choose(copies, Young, Young, Full, 5, Now, Threshold).Select(c => c.TaskId));
        Assert.Equal(["lapsed", "once", "hourly", "hourly-small"],
            DiskGcPlan.Choose(copies, Young, Young, Full, 10, Now, Threshold).Select(c => c.TaskId));
    }
}
