using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>The one decision on a registration, without actors.</summary>
public sealed class RegisterRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CopyCheck Checked = new(Checked: true, HolderGone: false);
    private static readonly TaskCommands.Preheat Preheat = new(Samples.TaskId(), Samples.Source(), RetryFailedCopy: true);

    private static TaskState Task(CdnStatus status)
    {
        var task = TaskState.Empty(Samples.TaskId())
            .Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 100, 4 << 20, T0))
            .Apply(new TaskEvents.CdnCopyStarted("copy-1", Samples.Here, 100, T0));
        return status switch
        {
            CdnStatus.Success => task.Apply(new TaskEvents.CdnCopySucceeded("copy-1", 105, 100, "md5", ["p0"], T0)),
            CdnStatus.Failed => task.Apply(new TaskEvents.CdnCopyFailed("copy-1", "boom", T0)),
            _ => task,
        };
    }

    [Fact]
    public void A_new_task_probes_its_source_first()
    {
        Assert.IsType<RegisterDecision.ProbeFirst>(TaskState.Empty(Samples.TaskId()).Decide(Samples.Register(), T0, DateTimeOffset.MinValue, Checked));
    }

    [Fact]
    public void Another_source_under_the_same_id_is_refused_before_anything_is_done_about_the_copy()
    {
        var other = new TaskCommands.Register(Samples.TaskId(), Samples.Source("http://127.0.0.1:8009/other.txt"), Samples.Client());
        var decision = Task(CdnStatus.Success).Decide(other, T0, DateTimeOffset.MinValue, new CopyCheck(false, HolderGone: true));
        Assert.Equal(RegistrationFailure.TaskConflict, Assert.IsType<RegisterDecision.Refuse>(decision).Reason);
    }

    [Fact]
    public void A_recent_404_is_refused_without_asking_the_source()
    {
        var decision = TaskState.Empty(Samples.TaskId()).Decide(Samples.Register(), T0, T0.AddSeconds(1), Checked);
        Assert.Equal(RegistrationFailure.SourceNotFound, Assert.IsType<RegisterDecision.Refuse>(decision).Reason);
    }

    [Fact]
    public void A_finished_copy_not_checked_since_the_recovery_is_revalidated_first()
    {
        Assert.IsType<RegisterDecision.RevalidateCopyFirst>(Task(CdnStatus.Success).Decide(Samples.Register(), T0, DateTimeOffset.MinValue, new CopyCheck(false, false)));
        var accepted = Assert.IsType<RegisterDecision.Accept>(Task(CdnStatus.Success).Decide(Samples.Register(), T0, DateTimeOffset.MinValue, Checked));
        Assert.IsType<TaskEvents.ClientRegistered>(Assert.Single(accepted.Events));
        Assert.False(accepted.StartsCopy);
    }

    [Fact]
    public void A_preheat_of_a_copy_whose_holder_is_gone_makes_it_again_first_while_a_client_is_accepted()
    {
        var gone = new CopyCheck(Checked: true, HolderGone: true);
        Assert.IsType<RegisterDecision.RemakeCopyFirst>(Task(CdnStatus.Running).Decide(Preheat, T0, DateTimeOffset.MinValue, gone));
        Assert.IsType<RegisterDecision.RemakeCopyFirst>(Task(CdnStatus.Success).Decide(Preheat, T0, DateTimeOffset.MinValue, gone));
        Assert.IsType<RegisterDecision.Accept>(Task(CdnStatus.Running).Decide(Samples.Register(), T0, DateTimeOffset.MinValue, gone));
    }

    [Fact]
    public void A_failed_copy_is_made_again_unless_a_preheat_says_not_to_retry_it()
    {
        Assert.IsType<RegisterDecision.ProbeFirst>(Task(CdnStatus.Failed).Decide(Samples.Register(), T0, DateTimeOffset.MinValue, Checked));
        var decision = Task(CdnStatus.Failed).Decide(Preheat with { RetryFailedCopy = false }, T0, DateTimeOffset.MinValue, Checked);
        Assert.Empty(Assert.IsType<RegisterDecision.Accept>(decision).Events);
    }

    [Fact]
    public void After_the_probe_a_new_task_is_created_with_its_client_and_its_copy_here()
    {
        var probe = new CdnReplies.SourceProbed(Samples.TaskId(), SourceProbeOutcome.Reachable, 300 << 20, 200, "");
        var decision = TaskState.Empty(Samples.TaskId()).DecideAfterProbe(Samples.Register(), probe, Samples.Here, "copy-2", T0);

        var accepted = Assert.IsType<RegisterDecision.Accept>(decision);
        Assert.True(accepted.StartsCopy);
        Assert.Collection(accepted.Events,
            e => Assert.Equal(5 << 20, Assert.IsType<TaskEvents.TaskCreated>(e).PieceSize),
            e => Assert.IsType<TaskEvents.ClientRegistered>(e),
            e => Assert.Equal(Samples.Here, Assert.IsType<TaskEvents.CdnCopyStarted>(e).Location));
    }

    [Theory]
    [InlineData(SourceProbeOutcome.NotFound, RegistrationFailure.SourceNotFound)]
    [InlineData(SourceProbeOutcome.AuthRequired, RegistrationFailure.SourceAuthRequired)]
    [InlineData(SourceProbeOutcome.Unreachable, RegistrationFailure.SourceUnreachable)]
    [InlineData(SourceProbeOutcome.Denied, RegistrationFailure.SourceDenied)]
    public void A_source_that_cannot_be_fetched_is_refused_with_its_reason(SourceProbeOutcome outcome, RegistrationFailure reason)
    {
        var probe = new CdnReplies.SourceProbed(Samples.TaskId(), outcome, -1, 404, "no");
        var decision = TaskState.Empty(Samples.TaskId()).DecideAfterProbe(Samples.Register(), probe, Samples.Here, "copy-2", T0);
        Assert.Equal(reason, Assert.IsType<RegisterDecision.Refuse>(decision).Reason);
    }

    [Fact]
    public void A_declared_length_is_taken_without_asking_the_source_and_must_agree_with_a_known_task()
    {
        var declared = Samples.Register() with { Source = Samples.Source() with { DeclaredLength = 100 } };
        Assert.IsType<RegisterDecision.LengthDeclared>(TaskState.Empty(Samples.TaskId()).Decide(declared, T0, DateTimeOffset.MinValue, Checked));
        Assert.IsType<RegisterDecision.Accept>(Task(CdnStatus.Running).Decide(declared, T0, DateTimeOffset.MinValue, Checked));

        var other = Samples.Register() with { Source = Samples.Source() with { DeclaredLength = 99 } };
        var refused = Assert.IsType<RegisterDecision.Refuse>(Task(CdnStatus.Running).Decide(other, T0, DateTimeOffset.MinValue, Checked));
        Assert.Equal(RegistrationFailure.TaskConflict, refused.Reason);
        Assert.Contains("fileLength 99", refused.Message);
        // A failed copy is made again: the new declaration may be the right one.
        Assert.IsType<RegisterDecision.LengthDeclared>(Task(CdnStatus.Failed).Decide(other, T0, DateTimeOffset.MinValue, Checked));
    }

    [Fact]
    public void A_task_named_by_its_digest_is_the_same_task_whatever_url_serves_it()
    {
        var digest = "sha256:" + new string('b', 64);
        var task = TaskState.Empty(new string('b', 64)).Apply(new TaskEvents.TaskCreated(new string('b', 64),
            Samples.Source("http://127.0.0.1:8009/registry-a/blob") with { Digest = digest }, 100, 4 << 20, T0));
        var fromB = new TaskCommands.Register(task.TaskId, Samples.Source("http://127.0.0.1:8010/registry-b/blob") with { Digest = digest }, Samples.Client());
        Assert.IsNotType<RegisterDecision.Refuse>(task.Decide(fromB, T0, DateTimeOffset.MinValue, Checked));
        var undigested = new TaskCommands.Register(task.TaskId, Samples.Source("http://127.0.0.1:8009/registry-a/blob"), Samples.Client());
        Assert.IsType<RegisterDecision.Refuse>(task.Decide(undigested, T0, DateTimeOffset.MinValue, Checked));
    }
}
