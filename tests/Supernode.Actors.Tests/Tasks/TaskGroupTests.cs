using System.Collections.Immutable;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

/// <summary>
/// A hot task's groups without actors: when the task splits, what each group is told, how a group keeps in step with
/// its task, and how a client of one group is sent to a holder of another.
/// </summary>
public sealed class TaskGroupTests
{
    private const int PieceSize = 4194304;
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private static readonly string TaskId = Samples.TaskId();

    private static TaskState Task(int clients, int groups = 1)
    {
        var task = TaskState.Empty(TaskId).Apply(new TaskEvents.TaskCreated(TaskId, Samples.Source(), 4L * PieceSize, PieceSize, At));
        for (var i = 0; i < clients; i++) task = task.Apply(new TaskEvents.ClientRegistered(Samples.Client(Cid(i), 15000 + i), At));
        return groups > 1 ? task.Apply(new TaskEvents.TaskSplit(groups, At)) : task;
    }

    private static string Cid(int i) => $"10.0.0.{i % 250}-{i}-1700000000.{i:000}";

    /// <summary>A cid of <paramref name="group"/> of <paramref name="groups"/>, the <paramref name="nth"/> found.</summary>
    private static string CidOf(int group, int groups, int nth = 0) =>
        Enumerable.Range(0, 10_000).Select(Cid).Where(c => ClientGroup.Of(c, groups) == group).Skip(nth).First();

    private static TaskState Copying(TaskState task, int written) =>
        task.Apply(new TaskEvents.CdnCopyStarted("copy1", Samples.Here, 4L * PieceSize, At))
            .WithPiecesWritten(0, [.. Enumerable.Range(0, written).Select(p => $"{p:x32}:{PieceSize}")], 4L * PieceSize);

    [Fact]
    public void A_task_splits_once_when_it_reaches_a_group_of_clients_and_more_than_one_replica_is_up()
    {
        Assert.Null(TaskGroupFeeds.SplitInto(Task(9), clientsPerGroup: 10, upReplicas: 3));
        Assert.Equal(3, TaskGroupFeeds.SplitInto(Task(10), clientsPerGroup: 10, upReplicas: 3));
        Assert.Equal(4, TaskGroupFeeds.SplitInto(Task(31), clientsPerGroup: 10, upReplicas: 3));
        Assert.Null(TaskGroupFeeds.SplitInto(Task(10), clientsPerGroup: 10, upReplicas: 1));
        Assert.Null(TaskGroupFeeds.SplitInto(Task(40, groups: 3), clientsPerGroup: 10, upReplicas: 3));
    }

    [Fact]
    public void Each_group_is_told_of_its_own_clients_and_every_group_of_the_copy_numbered_per_group()
    {
        var feeds = new TaskGroupFeeds();
        var before = Task(6, groups: 3);
        var newcomer = Samples.Client(CidOf(1, 3), 16000);
        var registered = new TaskEvents.ClientRegistered(newcomer, At);

        var told = Assert.IsType<TaskGroupCommands.Feed>(Assert.Single(feeds.Applied(registered, before, before.Apply(registered))));
        Assert.Equal((1, 1L, false), (told.Group, told.Seq, told.Baseline));
        Assert.Equal(newcomer, Assert.Single(told.Joined));

        var copying = Copying(before, 2);
        var progress = feeds.TaskChanged(copying).ToList();
        Assert.Equal([0, 1, 2], progress.Select(f => f.Group));
        Assert.Equal([1L, 2L, 1L], progress.Select(f => f.Seq));
        Assert.All(progress, f => Assert.Empty(f.Task!.Clients));
        Assert.All(progress, f => Assert.Equal(2, f.Task!.PieceMd5s.Count));

        var expired = new TaskEvents.TaskExpired(At);
        Assert.Equal([0, 1, 2], feeds.Applied(expired, copying, copying.Apply(expired)).Cast<TaskGroupCommands.Dissolve>().Select(d => d.Group));
    }

    [Fact]
    public void A_baseline_carries_the_groups_clients_with_the_piece_maps_the_task_had_of_them()
    {
        var task = Task(30, groups: 3);
        var scheduler = TaskScheduling.Create(SchedulerSettings.Default, new Random(1));
        foreach (var c in task.Clients.Values) scheduler.OnEvent(new TaskEvents.ClientRegistered(c, At));

        var baseline = new TaskGroupFeeds().Baseline(task, scheduler.Scheduler.Snapshot(), 2).Single();

        Assert.True(baseline.Baseline);
        Assert.All(baseline.Task!.Clients.Keys, cid => Assert.Equal(2, ClientGroup.Of(cid, 3)));
        Assert.Equal(task.Clients.Keys.Count(c => ClientGroup.Of(c, 3) == 2), baseline.Task.Clients.Count);
        Assert.Equal(baseline.Task.Clients.Keys.Order(), baseline.Task.Scheduling!.Clients.Select(c => c.Cid).Order());
    }

    [Fact]
    public void A_group_applies_its_feeds_in_order_and_asks_for_a_baseline_after_a_gap_or_another_incarnation_of_its_task()
    {
        var task = Task(6, groups: 2);
        var feeds = new TaskGroupFeeds();
        var group = new TaskGroupBook(TaskId, 0, SchedulerSettings.Default);
        Assert.Equal(TaskGroupBook.Outcome.NeedsBaseline, group.Take(feeds.TaskChanged(task).First()));

        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take(feeds.Baseline(task, null, 0).Single()));
        Assert.Equal(task.Clients.Keys.Count(c => ClientGroup.Of(c, 2) == 0), group.State.Clients.Count);
        var copying = Copying(task, 3);
        var first = feeds.TaskChanged(copying).First(f => f.Group == 0);
        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take(first));
        Assert.Equal(3, group.Scheduling.Scheduler.PiecesWritten);
        Assert.Equal(TaskGroupBook.Outcome.Stale, group.Take(first));

        feeds.TaskChanged(copying).ToList();
        Assert.Equal(TaskGroupBook.Outcome.NeedsBaseline, group.Take(feeds.TaskChanged(copying).First(f => f.Group == 0)));
        Assert.Equal(TaskGroupBook.Outcome.NeedsBaseline, group.Take(new TaskGroupFeeds().TaskChanged(copying).First(f => f.Group == 0) with { Seq = 4 }));
    }

    [Fact]
    public void A_new_baseline_keeps_the_groups_piece_maps_and_drops_clients_the_task_forgot()
    {
        var task = Copying(Task(0, groups: 2), 4);
        var (holder, leaver) = (Samples.Client(CidOf(0, 2), 15001), Samples.Client(CidOf(0, 2, 1), 15002));
        task = task.Apply(new TaskEvents.ClientRegistered(holder, At)).Apply(new TaskEvents.ClientRegistered(leaver, At));
        var feeds = new TaskGroupFeeds();
        var group = new TaskGroupBook(TaskId, 0, SchedulerSettings.Default);
        group.Take(feeds.Baseline(task, null, 0).Single());
        var fromCdn = Assert.IsType<TaskReplies.PiecesAssigned>(group.Scheduling.Pull(group.State,
            new TaskCommands.PullPieceTask(TaskId, holder.Cid, "", PullStatus.Started, -1, null), 1000, DateTimeOffset.UtcNow, out _)).Pieces[0];
        group.Scheduling.ReportSuccess(group.State, new TaskCommands.ReportPieceSuccess(TaskId, holder.Cid, fromCdn.Cid, fromCdn.PieceNum));

        var forgot = task.Apply(new TaskEvents.ClientRemoved(leaver.Cid, At));
        group.Take(new TaskGroupFeeds().Baseline(forgot, null, 0).Single());

        Assert.Equal([holder.Cid], group.State.Clients.Keys);
        Assert.Null(group.Scheduling.Scheduler.GetClient(leaver.Cid));
        Assert.Equal(1, group.Scheduling.Scheduler.HolderCount(fromCdn.PieceNum));
    }

    [Fact]
    public void A_client_of_one_group_is_sent_to_a_holder_another_group_shared_at_the_address_it_serves_on()
    {
        var task = Copying(Task(0, groups: 2), 1);
        var holder = Samples.Client(CidOf(0, 2), 15001) with { Ip = "10.9.9.9", Path = "/peer/file/holder" };
        var fetcher = Samples.Client(CidOf(1, 2), 15002);
        task = task.Apply(new TaskEvents.ClientRegistered(holder, At)).Apply(new TaskEvents.ClientRegistered(fetcher, At));
        var feeds = new TaskGroupFeeds();
        var (zero, one) = (new TaskGroupBook(TaskId, 0, SchedulerSettings.Default), new TaskGroupBook(TaskId, 1, SchedulerSettings.Default));
        zero.Take(feeds.Baseline(task, null, 0).Single());
        one.Take(feeds.Baseline(task, null, 1).Single());
        var fromCdn = Assert.Single(Assert.IsType<TaskReplies.PiecesAssigned>(zero.Scheduling.Pull(zero.State,
            new TaskCommands.PullPieceTask(TaskId, holder.Cid, "", PullStatus.Started, -1, null), 1000, DateTimeOffset.UtcNow, out _)).Pieces);
        Assert.IsType<TaskReplies.PieceAccepted>(zero.Scheduling.ReportSuccess(zero.State, new TaskCommands.ReportPieceSuccess(TaskId, holder.Cid, fromCdn.Cid, 0)));

        Assert.Single(zero.Scheduling.SharedHolders(zero.State).Single());
        one.Scheduling.UpdateSiblings(0, 0, 1, zero.Scheduling.SharedHolders(zero.State).Single());
        Assert.Equal(1, one.Scheduling.Scheduler.HolderCount(0));
        var reply = one.Scheduling.Pull(one.State, new TaskCommands.PullPieceTask(TaskId, fetcher.Cid, "", PullStatus.Started, -1, null),
            1000, DateTimeOffset.UtcNow, out _);

        var piece = Assert.Single(Assert.IsType<TaskReplies.PiecesAssigned>(reply).Pieces);
        Assert.Equal((holder.Cid, "10.9.9.9", holder.Port, "/peer/file/holder"), (piece.Cid, piece.PeerIp, piece.PeerPort, piece.Path));
        Assert.Equal(1, one.Scheduling.Scheduler.SiblingPiecesAssigned);
        Assert.IsType<TaskReplies.PieceAccepted>(one.Scheduling.ReportSuccess(one.State, new TaskCommands.ReportPieceSuccess(TaskId, fetcher.Cid, holder.Cid, 0)));
    }

    [Fact]
    public void A_tasks_groups_are_in_consecutive_shards_and_a_call_reaches_its_group_unwrapped()
    {
        var extractor = new TaskGroupMessageExtractor();
        var pull = new TaskCommands.PullPieceTask(TaskId, "c", "", PullStatus.Started, -1, null);
        var shards = Enumerable.Range(0, 3).Select(g => int.Parse(extractor.ShardId(TaskGroupId.Of(TaskId, g)))).ToList();

        Assert.Equal([shards[0], (shards[0] + 1) % 60, (shards[0] + 2) % 60], shards);
        Assert.Equal($"{TaskId}/2", extractor.EntityId(new TaskGroupCommands.Pull(2, pull)));
        Assert.Same(pull, extractor.EntityMessage(new TaskGroupCommands.Pull(2, pull)));
    }

    [Fact]
    public void A_baseline_of_many_clients_comes_in_pages_each_under_the_remote_frame_and_is_taken_once_all_are_in()
    {
        // 5 GiB in 15 MiB pieces, clients with long uploader paths: the largest pages a group meets.
        var task = Task(0, groups: 2);
        for (var i = 0; i < 500; i++)
            task = task.Apply(new TaskEvents.ClientRegistered(Samples.Client(Cid(i), 15000 + i) with { Path = "/peer/file/" + new string('p', 120) }, At));
        var scheduler = TaskScheduling.Create(SchedulerSettings.Default, new Random(1));
        foreach (var c in task.Clients.Values) scheduler.OnEvent(new TaskEvents.ClientRegistered(c, At));
        var snapshot = scheduler.Scheduler.Snapshot();
        snapshot = snapshot with { Clients = [.. snapshot.Clients.Select(c => c with { Has = new ulong[6], Shared = new ulong[6] })] };
        using var system = Akka.Actor.ActorSystem.Create("frames");
        var serializer = new Supernode.Actors.Protocol.SupernodeSerializer((Akka.Actor.ExtendedActorSystem)system);

        var pages = new TaskGroupFeeds().Baseline(task, snapshot, 1).ToList();
        Assert.True(pages.Count >= 3);
        Assert.All(pages, p => Assert.True(serializer.ToBinary(p).Length < 128_000 / 2 + 16_000, $"a page of {p.Task!.Clients.Count} clients"));

        var group = new TaskGroupBook(TaskId, 1, SchedulerSettings.Default);
        foreach (var page in pages.Skip(1)) Assert.Equal(TaskGroupBook.Outcome.Partial, group.Take(page));
        Assert.False(group.Joined);
        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take(pages[0]));
        Assert.Equal(task.Clients.Keys.Count(c => ClientGroup.Of(c, 2) == 1), group.State.Clients.Count);

        var holders = Enumerable.Range(0, TaskScheduling.HoldersPerPage)
            .Select(i => new TaskGroupCommands.SharedHolder(Cid(i), "10.0.0.1", 15001, "/peer/file/" + new string('p', 120), new ulong[6])).ToImmutableArray();
        Assert.True(serializer.ToBinary(new TaskGroupCommands.SiblingHolders(TaskId, 1, 0, 0, 1, holders)).Length < 128_000);
    }

    [Fact]
    public void Holders_a_sibling_no_longer_sends_a_page_of_are_no_sources_any_more()
    {
        var task = Copying(Task(0, groups: 2), 2);
        var group = new TaskGroupBook(TaskId, 1, SchedulerSettings.Default);
        group.Take(new TaskGroupFeeds().Baseline(task, null, 1).Single());
        TaskGroupCommands.SharedHolder Holder(string cid, int piece) => new(cid, "10.0.0.1", 15001, "/p", [1UL << piece]);

        group.Scheduling.UpdateSiblings(0, 0, 2, [Holder("a", 0)]);
        group.Scheduling.UpdateSiblings(0, 1, 2, [Holder("b", 1)]);
        Assert.Equal((1, 1), (group.Scheduling.Scheduler.HolderCount(0), group.Scheduling.Scheduler.HolderCount(1)));

        group.Scheduling.UpdateSiblings(0, 0, 1, [Holder("a", 0)]);
        Assert.Equal((1, 0), (group.Scheduling.Scheduler.HolderCount(0), group.Scheduling.Scheduler.HolderCount(1)));
    }

    [Fact]
    public void A_baseline_older_than_the_feeds_a_group_applied_is_not_taken()
    {
        var task = Task(0, groups: 2);
        var feeds = new TaskGroupFeeds();
        var group = new TaskGroupBook(TaskId, 0, SchedulerSettings.Default);
        group.Take(feeds.Baseline(task, null, 0).Single());
        var older = feeds.Baseline(task, null, 0).Single();
        var newcomer = Samples.Client(CidOf(0, 2), 15001);
        var registered = new TaskEvents.ClientRegistered(newcomer, At);
        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take((TaskGroupCommands.Feed)feeds.Applied(registered, task, task.Apply(registered)).Single()));

        Assert.Equal(TaskGroupBook.Outcome.Stale, group.Take(older));
        Assert.Equal([newcomer.Cid], group.State.Clients.Keys);
    }

    [Fact]
    public void A_client_still_unknown_to_its_group_after_a_grace_makes_the_group_ask_for_its_task_at_most_once_per_grace()
    {
        var task = Task(0, groups: 2);
        var group = new TaskGroupBook(TaskId, 0, SchedulerSettings.Default);
        group.Take(new TaskGroupFeeds().Baseline(task, null, 0).Single());

        Assert.False(group.UnknownClientPulled("a", 1_000, grace: 1_000));
        Assert.False(group.UnknownClientPulled("a", 1_500, grace: 1_000));
        Assert.True(group.UnknownClientPulled("a", 2_000, grace: 1_000));
        Assert.False(group.UnknownClientPulled("a", 2_500, grace: 1_000));
        Assert.True(group.UnknownClientPulled("a", 3_000, grace: 1_000));
    }

    [Fact]
    public void Every_group_learns_that_its_task_is_paused_and_resumed()
    {
        var task = Task(6, groups: 2);
        var feeds = new TaskGroupFeeds();
        var group = new TaskGroupBook(TaskId, 1, SchedulerSettings.Default);
        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take(feeds.Baseline(task, null, 1).Single()));

        var paused = new TaskEvents.TaskPaused(true, At);
        var told = feeds.Applied(paused, task, task.Apply(paused)).Cast<TaskGroupCommands.Feed>().ToList();
        Assert.Equal([0, 1], told.Select(f => f.Group));
        Assert.Equal(TaskGroupBook.Outcome.Applied, group.Take(told.Single(f => f.Group == 1)));
        Assert.True(group.State.Paused);
        Assert.Equal(task.Clients.Keys.Count(c => ClientGroup.Of(c, 2) == 1), group.State.Clients.Count);
    }
}
