using System.Collections.Immutable;
using Akka.Actor;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Preheat;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Protocol;

public sealed class SupernodeSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test");
    private readonly SupernodeSerializer _serializer;

    public SupernodeSerializerTests() => _serializer = new SupernodeSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Every_message_type_has_a_manifest()
    {
        var messageTypes = typeof(ISupernodeMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ISupernodeMessage).IsAssignableFrom(t));
        var missing = messageTypes.Except(SupernodeSerializer.KnownTypes).Select(t => t.FullName).ToList();
        Assert.Empty(missing);
    }

    public static TheoryData<object> Messages()
    {
        var state = TaskState.Empty(Samples.TaskId())
            .Apply(new TaskEvents.TaskCreated(Samples.TaskId(), Samples.Source(), 15, 4194304, DateTimeOffset.UnixEpoch))
            .Apply(new TaskEvents.ClientRegistered(Samples.Client(), DateTimeOffset.UnixEpoch))
            .Apply(new TaskEvents.CdnCopyStarted("c1", Samples.Here, 15, DateTimeOffset.UnixEpoch))
            .Apply(new TaskEvents.ClientServiceDown(Samples.Client().Cid, DateTimeOffset.UnixEpoch))
            .WithPiecesWritten(0, ["8f95b369fc1f8d38262bb1b42d1ac87c:20"], 15);
        var request = Tests.Preheat.PreheatStateTests.Request();
        var layer = PreheatRequest.BlobLayer(new ImageLayer("sha256:a", "http://127.0.0.1:5000/v2/app/blobs/sha256:a"));
        var job = PreheatState.Empty(request.Id)
            .Apply(new PreheatEvents.JobCreated(request, DateTimeOffset.UnixEpoch))
            .Apply(new PreheatEvents.LayersResolved([layer], request.Headers, DateTimeOffset.UnixEpoch))
            .Apply(new PreheatEvents.LayerFinished(layer.TaskId, false, "401", DateTimeOffset.UnixEpoch));
        return new TheoryData<object>
        {
            Samples.Register(),
            new TaskCommands.Preheat("t", Samples.Source(), RetryFailedCopy: true),
            new PreheatCommands.Create(request.Id, request with { Platforms = ["linux/arm64"] }),
            new PreheatEvents.LayersResolved([layer], request.Headers, DateTimeOffset.UnixEpoch),
            new PreheatEvents.JobFailed("timeout", DateTimeOffset.UnixEpoch),
            new PreheatReplies.Woken("p", null),
            new PreheatReplies.Woken("p", DateTimeOffset.UnixEpoch),
            job,
            job.View(),
            new TaskCommands.CdnPiecesWritten("t", "c", 15, 0, ["a:20", "b:20"]),
            new TaskCommands.CdnCopyFinished("t", "c", true, CdnCopyOrigin.CacheHit, 20, 15, "md5", ["a:20"], ""),
            new TaskEvents.CdnCopySucceeded("c", 20, 15, "md5", ["a:20"], DateTimeOffset.UnixEpoch),
            new TaskReplies.RegistrationRefused("t", RegistrationFailure.SourceAuthRequired, "401"),
            state,
            state.View("akka.tcp://supernode@127.0.0.1:4053"),
            new CdnCommands.StartCopy("t", "c", Samples.Source(), 4194304, -1),
            new CdnReplies.SourceProbed("t", SourceProbeOutcome.NotFound, -1, 404, "not found"),
            new PeerCommands.Register("p", "127.0.0.1", "h", 15001, "1.0.6", "t", "cid"),
            PeerState.Empty("p").Apply(new PeerEvents.PeerRegistered("p", "127.0.0.1", "h", 15001, "1.0.6", DateTimeOffset.UnixEpoch))
                .Apply(new PeerEvents.PeerJoinedTask("t", "cid", DateTimeOffset.UnixEpoch)),
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trips(object message)
    {
        var bytes = _serializer.ToBinary(message);
        var back = _serializer.FromBinary(bytes, _serializer.Manifest(message));
        Assert.Equal(message.GetType(), back.GetType());
        // Records with immutable collections compare by reference; compare their serialized form instead.
        Assert.Equal(Convert.ToBase64String(bytes), Convert.ToBase64String(_serializer.ToBinary(back)));
    }

    [Fact]
    public void Unknown_manifest_is_a_clear_error() =>
        Assert.Contains("unknown manifest", Assert.ThrowsAny<Exception>(() => _serializer.FromBinary([], "nope")).Message);
}
