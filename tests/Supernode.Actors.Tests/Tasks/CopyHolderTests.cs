using Akka.Actor;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>Where the copy is made and whom the task asks: one decision for every case.</summary>
public sealed class CopyHolderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CdnLocation Up = new("akka.tcp://supernode@127.0.0.2:4053", "127.0.0.2", 8001);
    private static readonly CdnLocation Dead = new("akka.tcp://supernode@127.0.0.3:4053", "127.0.0.3", 8001);

    /// <summary>This replica after a restart: a new remoting port, the same download address.</summary>
    private static readonly CdnLocation HereBeforeRestart = Samples.Here with { NodeAddress = "akka.tcp://supernode@127.0.0.1:4999" };

    private readonly List<Address> _asked = [];

    private CopyHolder Holder() => new(Samples.Here, node => node == Up.NodeAddress, ActorRefs.Nobody, address =>
    {
        _asked.Add(address);
        return new ActorSelection(ActorRefs.Nobody, "cdn");
    });

    private static TaskState CopyOn(CdnLocation holder, bool finished = false)
    {
        var task = TaskState.Empty(Samples.TaskId())
            .Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 100, 4 << 20, T0))
            .Apply(new TaskEvents.CdnCopyStarted("copy-1", holder, 100, T0));
        return finished ? task.Apply(new TaskEvents.CdnCopySucceeded("copy-1", 105, 100, "md5", ["p0"], T0)) : task;
    }

    [Fact]
    public void A_copy_here_or_on_an_up_member_is_asked_there_and_one_on_a_dead_replica_is_made_again_here()
    {
        var holder = Holder();
        Assert.Same(ActorRefs.Nobody, holder.ManagerOf(CopyOn(Samples.Here)));
        Assert.Same(ActorRefs.Nobody, holder.ManagerOf(CopyOn(HereBeforeRestart)));
        Assert.IsType<ActorSelection>(holder.ManagerOf(CopyOn(Up)));
        Assert.Equal([Address.Parse(Up.NodeAddress)], _asked);
        Assert.Null(holder.ManagerOf(CopyOn(Dead)));
        Assert.Null(holder.ManagerOf(TaskState.Empty(Samples.TaskId())));
    }

    [Fact]
    public void Only_a_running_or_finished_copy_on_a_dead_replica_is_gone()
    {
        var holder = Holder();
        Assert.True(holder.IsGone(CopyOn(Dead)));
        Assert.True(holder.IsGone(CopyOn(Dead, finished: true)));
        Assert.False(holder.IsGone(CopyOn(Dead).Apply(new TaskEvents.CdnCopyFailed("copy-1", "x", T0))));
        Assert.False(holder.IsGone(CopyOn(Up)));
        Assert.False(holder.IsGone(CopyOn(HereBeforeRestart)));
    }

    [Fact]
    public void A_disk_gc_report_concerns_the_task_when_it_comes_from_its_holder_or_from_here_for_a_copy_made_here()
    {
        var holder = Holder();
        Assert.True(holder.IsHolder(CopyOn(Up), Up.NodeAddress));
        Assert.False(holder.IsHolder(CopyOn(Up), Samples.Here.NodeAddress));
        Assert.True(holder.IsHolder(CopyOn(HereBeforeRestart), Samples.Here.NodeAddress));
    }

    [Fact]
    public void A_missing_copy_file_is_rechecked_at_most_every_three_seconds()
    {
        var holder = Holder();
        Assert.True(holder.RecheckDue(10_000));
        holder.Rechecked(10_000);
        Assert.False(holder.RecheckDue(12_999));
        Assert.True(holder.RecheckDue(13_000));
    }

    [Fact]
    public void A_copy_here_recorded_under_an_earlier_address_is_known_under_this_one()
    {
        var holder = Holder();
        Assert.Equal(Samples.Here, holder.HereUnderAnotherAddress(CopyOn(HereBeforeRestart)));
        Assert.Null(holder.HereUnderAnotherAddress(CopyOn(Samples.Here)));
        Assert.Null(holder.HereUnderAnotherAddress(CopyOn(Up)));
        Assert.Null(holder.HereUnderAnotherAddress(TaskState.Empty(Samples.TaskId())));
    }

    [Fact]
    public void A_copy_recorded_with_this_repos_identity_is_here_whatever_its_addresses_and_another_repos_is_not()
    {
        var here = Samples.Here with { RepoId = "repo-here" };
        var holder = new CopyHolder(here, _ => false, ActorRefs.Nobody, _ => new ActorSelection(ActorRefs.Nobody, "cdn"));
        var earlierStart = new CdnLocation("akka.tcp://supernode@127.0.0.1:4999", "127.0.0.1", 40001, "repo-here");
        var otherDiskSameAddress = here with { RepoId = "repo-there" };

        Assert.True(holder.IsLocal(earlierStart));
        Assert.Equal(here, holder.HereUnderAnotherAddress(CopyOn(earlierStart)));
        Assert.False(holder.IsLocal(otherDiskSameAddress));
        Assert.True(holder.IsGone(CopyOn(otherDiskSameAddress)));
        Assert.True(holder.IsLocal(HereBeforeRestart), "a copy recorded without a repo identity: by its download address");
    }
}
