using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class TaskActivityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TaskExpiry Expiry = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

    private static TaskState Task(params string[] cids)
    {
        var task = TaskState.Empty(Samples.TaskId()).Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 100, 4 << 20, T0));
        foreach (var cid in cids) task = task.Apply(new TaskEvents.ClientRegistered(Samples.Client(cid), T0));
        return task;
    }

    [Fact]
    public void A_task_unused_for_the_expire_time_expires_but_not_while_its_copy_is_made()
    {
        var activity = new TaskActivity(startedMs: 0);
        activity.Touch("a", 10_000);

        Assert.False(activity.IsExpired(Task("a"), Expiry, 69_999));
        Assert.True(activity.IsExpired(Task("a"), Expiry, 70_000));
        Assert.Equal(TimeSpan.FromSeconds(60), activity.Idle(70_000));
        var copying = Task("a").Apply(new TaskEvents.CdnCopyStarted("c", Samples.Here, 100, T0));
        Assert.False(activity.IsExpired(copying, Expiry, 70_000));
        Assert.False(activity.IsExpired(TaskState.Empty(Samples.TaskId()), Expiry, 70_000));
    }

    [Fact]
    public void Silent_clients_and_clients_down_for_the_gc_delay_are_forgotten_counting_from_the_start_of_the_incarnation()
    {
        var activity = new TaskActivity(startedMs: 1_000);
        var task = Task("silent", "active", "down", "down-before-restart")
            .Apply(new TaskEvents.ClientServiceDown("down", T0))
            .Apply(new TaskEvents.ClientServiceDown("down-before-restart", T0));
        activity.Touch("active", 50_000);
        activity.Touch("down", 50_000);
        activity.Down("down", 40_000);
        activity.Touch("down-before-restart", 50_000);

        Assert.Equal(["down-before-restart"], activity.ClientsToForget(task, Expiry, 60_000));
        Assert.Equal(["down", "down-before-restart", "silent"], activity.ClientsToForget(task, Expiry, 70_000).Order());
        activity.Forgotten("down");
        Assert.Contains("down", activity.ClientsToForget(task, Expiry, 61_000));
    }
}
