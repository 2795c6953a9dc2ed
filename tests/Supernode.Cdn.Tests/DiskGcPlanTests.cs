namespace Supernode.Cdn.Tests;

public sealed class DiskGcPlanTests
{
    private const long Young = 100, Full = 10;

    private static readonly CopyOnDisk[] Copies =
    [
        new("c", 1, LastUsedMs: 300, InUse: false),
        new("a", 1, LastUsedMs: 100, InUse: false),
        new("busy", 1, LastUsedMs: 50, InUse: true),
        new("b", 1, LastUsedMs: 200, InUse: false),
    ];

    [Fact]
    public void Nothing_goes_while_more_than_the_young_threshold_is_free() =>
        Assert.Empty(DiskGcPlan.Choose(Copies, Young + 1, Young, Full, 10));

    [Theory]
    [InlineData(1, new[] { "a" })]
    [InlineData(4, new[] { "a", "b" })]
    [InlineData(10, new[] { "a", "b", "c" })]
    public void Below_the_young_threshold_the_least_recently_used_tenths_go_first(int cleanRatio, string[] expected) =>
        Assert.Equal(expected, DiskGcPlan.Choose(Copies, Young, Young, Full, cleanRatio).Select(c => c.TaskId));

    [Fact]
    public void At_the_full_threshold_every_copy_not_in_use_goes_and_never_one_in_use() =>
        Assert.Equal(["a", "b", "c"], DiskGcPlan.Choose(Copies, Full, Young, Full, 1).Select(c => c.TaskId));
}
