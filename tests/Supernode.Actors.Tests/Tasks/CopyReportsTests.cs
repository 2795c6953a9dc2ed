using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>What the holder's reports about a copy change, without actors.</summary>
public sealed class CopyReportsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TaskState Running = TaskState.Empty(Samples.TaskId())
        .Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 100, 4 << 20, T0))
        .Apply(new TaskEvents.CdnCopyStarted("copy-1", Samples.Here, 100, T0));

    private static readonly TaskState Finished = Running.Apply(new TaskEvents.CdnCopySucceeded("copy-1", 105, 100, "md5", ["p0", "p1"], T0));

    private static TaskCommands.CdnPiecesWritten Written(string copyId, int first, params string[] md5s) => new(Samples.TaskId(), copyId, 100, first, [.. md5s]);

    private static TaskCommands.CdnCopyFinished Ended(string copyId, bool success, string md5 = "md5", params string[] pieces) =>
        new(Samples.TaskId(), copyId, success, CdnCopyOrigin.Downloaded, 105, 100, md5, [.. pieces], success ? "" : "source reset");

    [Fact]
    public void Pieces_of_the_running_copy_are_progress_and_those_of_another_copy_are_not()
    {
        Assert.True(Running.IsProgress(Written("copy-1", 0, "p0")));
        Assert.False(Running.IsProgress(Written("copy-0", 0, "p0")));
        Assert.False(Finished.IsProgress(Written("copy-1", 0, "p0")));
        Assert.Null(Running.RestartedBy(Written("copy-1", 0, "p0"), T0));
    }

    [Fact]
    public void A_finished_copy_reported_again_from_its_first_piece_restarts_only_when_its_pieces_differ()
    {
        Assert.Null(Finished.RestartedBy(Written("copy-1", 0, "p0"), T0));
        Assert.Null(Finished.RestartedBy(Written("copy-1", 1, "changed"), T0));
        var restarted = Finished.RestartedBy(Written("copy-1", 0, "changed"), T0);
        Assert.Equal(("copy-1", Samples.Here), (restarted!.CopyId, restarted.Location));
    }

    [Fact]
    public void A_copy_ends_once_and_a_report_of_what_is_known_changes_nothing()
    {
        Assert.IsType<TaskEvents.CdnCopySucceeded>(Running.EndedBy(Ended("copy-1", true, "md5", "p0", "p1"), T0));
        Assert.Null(Finished.EndedBy(Ended("copy-1", true, "md5", "p0", "p1"), T0));
        Assert.IsType<TaskEvents.CdnCopySucceeded>(Finished.EndedBy(Ended("copy-1", true, "other", "p0", "p1"), T0));
        Assert.Equal("source reset", Assert.IsType<TaskEvents.CdnCopyFailed>(Running.EndedBy(Ended("copy-1", false), T0)).Reason);
        Assert.Null(Running.EndedBy(Ended("copy-0", false), T0));
    }

    [Fact]
    public void A_copy_removed_from_its_holder_fails_once()
    {
        Assert.IsType<TaskEvents.CdnCopyFailed>(Finished.RemovedFromHolder(removedFromHolder: true, T0));
        Assert.Null(Finished.RemovedFromHolder(removedFromHolder: false, T0));
        var failed = Finished.Apply(Finished.RemovedFromHolder(true, T0)!);
        Assert.Null(failed.RemovedFromHolder(true, T0));
        Assert.Null(TaskState.Empty(Samples.TaskId()).RemovedFromHolder(true, T0));
    }
}
