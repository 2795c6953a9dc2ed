using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>How a hot task is split (docs/scheduling.md, "One hot task").</summary>
public sealed class TaskGroupsTests
{
    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(999, 3, 1)]
    [InlineData(1_000, 3, 3)]
    [InlineData(1_000, 1, 1)]
    [InlineData(3_001, 1, 4)]
    [InlineData(10_000, 3, 10)]
    public void A_cold_task_stays_one_group_and_a_hot_one_takes_every_replica(int clients, int replicas, int groups) =>
        Assert.Equal(groups, TaskGroups.For(clients, replicas));

    [Fact]
    public void A_group_shares_with_the_next_ones_round_the_ring()
    {
        Assert.Empty(TaskGroups.SharesWith(0, 1));
        Assert.Equal([1], TaskGroups.SharesWith(0, 2));
        Assert.Equal([2, 0], TaskGroups.SharesWith(1, 3));
        Assert.Equal([0, 1], TaskGroups.SharesWith(9, 10));
    }

    [Fact]
    public void A_client_lends_an_upload_slot_to_each_sibling_it_is_shared_with_and_the_budget_is_split()
    {
        var task = SchedulerSettings.Default with { SupernodeBudget = 40 };

        Assert.Same(task, TaskGroups.SettingsOfGroup(task, 1));
        var ofTwo = TaskGroups.SettingsOfGroup(task, 2);
        Assert.Equal((4, 20), (ofTwo.PeerUpLimit, ofTwo.SupernodeBudget));
        var ofTen = TaskGroups.SettingsOfGroup(task, 10);
        Assert.Equal((3, 4), (ofTen.PeerUpLimit, ofTen.SupernodeBudget));
        // Every client serves at most its peerUpLimit: its own group's part and one per sibling.
        Assert.Equal(task.PeerUpLimit, ofTen.PeerUpLimit + TaskGroups.ShareWith * TaskGroups.SiblingUploadLimit);
    }
}
