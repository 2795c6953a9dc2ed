using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Supernode.Actors.Preheat;
using Supernode.Actors.Tasks;
using Xunit.Abstractions;

namespace Supernode.Actors.Tests.Preheat;

/// <summary>The preheat saga against probes standing for the task region, the keeper and the registry.</summary>
public sealed class PreheatEntityTests : TestKit
{
    private readonly TestProbe _tasks;
    private readonly TestProbe _keeper;
    private int _resolutions;

    public PreheatEntityTests(ITestOutputHelper output) : base(ActorTestConfig.Hocon, output: output)
    {
        _tasks = CreateTestProbe("tasks");
        _keeper = CreateTestProbe("keeper");
    }

    private static readonly ImageLayers TwoLayers = new(
        [new ImageLayer("sha256:a", "http://127.0.0.1:5000/v2/app/blobs/sha256:a"), new ImageLayer("sha256:b", "http://127.0.0.1:5000/v2/app/blobs/sha256:b")],
        ImmutableSortedDictionary<string, string>.Empty.Add("Authorization", "Bearer t"));

    private sealed class Resolver(Func<Task<ImageLayers>> resolve, Action counted) : IImageResolver
    {
        public Task<ImageLayers> ResolveAsync(PreheatRequest request, CancellationToken ct)
        {
            counted();
            return resolve();
        }
    }

    private IActorRef Entity(string id, Func<Task<ImageLayers>>? resolve = null, TimeSpan? retention = null) =>
        Sys.ActorOf(PreheatEntity.Props(id, new PreheatEntitySettings(retention ?? TimeSpan.FromHours(24), PollEvery: TimeSpan.FromMilliseconds(200)),
            _tasks.Ref, _keeper.Ref, new Resolver(resolve ?? (() => Task.FromResult(TwoLayers)), () => Interlocked.Increment(ref _resolutions))));

    private static TaskReplies.TaskView View(string taskId, CdnStatus status)
    {
        var state = TaskState.Empty(taskId).Apply(new TaskEvents.TaskCreated(taskId, Samples.Source(), 15, 4194304, DateTimeOffset.UnixEpoch));
        return (state with { CdnStatus = status }).View("node");
    }

    private PreheatReplies.PreheatView Get(IActorRef entity, string id)
    {
        entity.Tell(new PreheatCommands.Get(id), TestActor);
        return ExpectMsg<PreheatReplies.PreheatView>();
    }

    /// <summary>The task messages of one round, answered with <paramref name="status"/> for each.</summary>
    private List<TaskCommands.Preheat> Answer(int count, Func<TaskCommands.Preheat, CdnStatus> status)
    {
        var got = new List<TaskCommands.Preheat>();
        for (var i = 0; i < count; i++)
        {
            var warm = _tasks.ExpectMsg<TaskCommands.Preheat>();
            got.Add(warm);
            _tasks.Reply(View(warm.TaskId, status(warm)));
        }
        return got;
    }

    [Fact]
    public void A_file_job_warms_its_task_follows_the_copy_and_succeeds()
    {
        var request = PreheatStateTests.Request(PreheatType.File, "http://127.0.0.1:8009/f.bin");
        var entity = Entity(request.Id);
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        Assert.True(ExpectMsg<PreheatReplies.Accepted>().Started);
        Assert.Equal(request.Id, _keeper.ExpectMsg<PreheatReplies.Woken>().PreheatId);

        var first = Answer(1, _ => CdnStatus.Running).Single();
        Assert.Equal((request.Id, true, "http://127.0.0.1:8009/f.bin"), (first.TaskId, first.RetryFailedCopy, first.Source.RawUrl));
        var poll = Answer(1, _ => CdnStatus.Success).Single();
        Assert.False(poll.RetryFailedCopy);

        AwaitAssert(() => Assert.Equal(PreheatStatus.Success, Get(entity, request.Id).Status));
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        ExpectMsg<PreheatReplies.AlreadyDone>();
        Assert.Equal(0, _resolutions);
    }

    [Fact]
    public void An_image_job_that_cannot_be_resolved_fails_with_the_reason()
    {
        var request = PreheatStateTests.Request();
        var entity = Entity(request.Id, () => Task.FromException<ImageLayers>(new ImageResolutionException("image app:v1 not found")));
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        ExpectMsg<PreheatReplies.Accepted>();
        AwaitAssert(() =>
        {
            var view = Get(entity, request.Id);
            Assert.Equal((PreheatStatus.Failed, "image app:v1 not found"), (view.Status, view.ErrorMsg));
        });
        _tasks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_refused_layer_fails_the_image_job_naming_the_layer()
    {
        var request = PreheatStateTests.Request();
        var entity = Entity(request.Id);
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        ExpectMsg<PreheatReplies.Accepted>();
        var warm = _tasks.ExpectMsg<TaskCommands.Preheat>();
        Assert.Equal("Bearer t", warm.Source.Headers["Authorization"]);
        _tasks.Reply(new TaskReplies.RegistrationRefused(warm.TaskId, RegistrationFailure.SourceAuthRequired, "source answered 401"));
        AwaitAssert(() =>
        {
            var view = Get(entity, request.Id);
            Assert.Equal(PreheatStatus.Failed, view.Status);
            Assert.Equal($"{warm.Source.RawUrl} source answered 401", view.ErrorMsg);
        });
    }

    [Fact]
    public void A_job_running_when_its_entity_stops_resumes_in_the_next_incarnation_with_what_is_left()
    {
        var request = PreheatStateTests.Request();
        var entity = Entity(request.Id);
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        ExpectMsg<PreheatReplies.Accepted>();
        var warmed = Answer(2, w => w.Source.RawUrl.EndsWith("sha256:a") ? CdnStatus.Success : CdnStatus.Running);
        AwaitAssert(() => Assert.Single(Get(entity, request.Id).Layers, l => l.Status == PreheatStatus.Success));
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
        _tasks.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m);

        // Any message (here the keeper's wake) recovers the job, which goes on without resolving the image again.
        var again = Entity(request.Id);
        again.Tell(new PreheatCommands.Wake(request.Id), TestActor);
        Assert.NotNull(ExpectMsg<PreheatReplies.Woken>().NextWake);
        var resumed = _tasks.ExpectMsg<TaskCommands.Preheat>();
        Assert.Equal((warmed.Single(w => w.Source.RawUrl.EndsWith("sha256:b")).TaskId, true), (resumed.TaskId, resumed.RetryFailedCopy));
        _tasks.Reply(View(resumed.TaskId, CdnStatus.Success));
        AwaitAssert(() => Assert.Equal(PreheatStatus.Success, Get(again, request.Id).Status));
        Assert.Equal(1, _resolutions);
    }

    [Fact]
    public void A_finished_job_is_collected_when_the_keeper_wakes_it_after_the_retention()
    {
        var request = PreheatStateTests.Request();
        var entity = Entity(request.Id, () => Task.FromResult(TwoLayers with { Layers = [] }), retention: TimeSpan.Zero);
        entity.Tell(new PreheatCommands.Create(request.Id, request), TestActor);
        ExpectMsg<PreheatReplies.Accepted>();
        AwaitAssert(() => Assert.Equal(PreheatStatus.Success, Get(entity, request.Id).Status));

        entity.Tell(new PreheatCommands.Wake(request.Id), TestActor);
        Assert.Null(ExpectMsg<PreheatReplies.Woken>().NextWake);
        Entity(request.Id).Tell(new PreheatCommands.Get(request.Id), TestActor);
        ExpectMsg<PreheatReplies.PreheatUnknown>();
    }
}
