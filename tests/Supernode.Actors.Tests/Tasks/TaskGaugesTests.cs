using Supernode.Actors.Metrics;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>The gauges are process-wide: each test uses its own call system and reads differences.</summary>
public sealed class TaskGaugesTests
{
    [Fact]
    public void A_client_moves_through_go_statuses_and_stopping_takes_everything_back()
    {
        var client = Samples.Client() with { CallSystem = "gauges-" + Guid.NewGuid().ToString("N")[..8] };
        double Count(string status) => TaskMetrics.DfgetTasks.WithLabels(client.CallSystem, status).Value;
        var gauges = new TaskGauges();
        var task = TaskState.Empty(Samples.TaskId())
            .Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 10, 4194304, DateTimeOffset.UnixEpoch))
            .Apply(new TaskEvents.ClientRegistered(client, DateTimeOffset.UnixEpoch));
        var waitingTasks = TaskMetrics.Tasks.WithLabels("WAITING").Value;

        gauges.Registered(client);
        gauges.Sync(task);
        Assert.Equal((1, 1), (Count("WAITING"), TaskMetrics.DfgetTasksRegistered.WithLabels(client.CallSystem).Value));
        Assert.Equal(waitingTasks + 1, TaskMetrics.Tasks.WithLabels("WAITING").Value);

        gauges.Started(client.Cid);
        gauges.Finished(client.Cid, success: true);
        gauges.Finished(client.Cid, success: false);
        Assert.Equal((0, 0, 1, 0), (Count("WAITING"), Count("RUNNING"), Count("SUCCESS"), Count("FAILED")));
        Assert.Equal(0, TaskMetrics.DfgetTasksFailed.WithLabels(client.CallSystem).Value);

        gauges.Clear();
        Assert.Equal(0, Count("SUCCESS"));
        Assert.Equal(waitingTasks, TaskMetrics.Tasks.WithLabels("WAITING").Value);
    }

    [Fact]
    public void A_failed_end_counts_once_per_failure()
    {
        var client = Samples.Client() with { CallSystem = "gauges-" + Guid.NewGuid().ToString("N")[..8] };
        var gauges = new TaskGauges();
        gauges.Registered(client);
        gauges.Finished(client.Cid, success: false);
        Assert.Equal(1, TaskMetrics.DfgetTasks.WithLabels(client.CallSystem, "FAILED").Value);
        Assert.Equal(1, TaskMetrics.DfgetTasksFailed.WithLabels(client.CallSystem).Value);
    }
}
