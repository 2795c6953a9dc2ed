using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Preheat;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Persistence;

/// <summary>
/// One instance of every type the journal and the snapshot store hold, every field set to something other than its
/// default, so that a field lost on the way back shows.
/// </summary>
internal static class PersistedSamples
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private const string Cid = "127.0.0.1-1-1.000";

    private static readonly TaskSource Source = new("http://127.0.0.1:8009/a.bin?sig=x", "http://127.0.0.1:8009/a.bin", "md5-of-a", "id-a",
        ImmutableSortedDictionary<string, string>.Empty.Add("Range", "bytes=0-99"), Insecure: true, RootCAs: ["ca-pem"],
        Digest: "sha256:" + new string('a', 64), DeclaredLength: 100);

    private static readonly TaskClient Client = new(Cid, "peer-1", "127.0.0.1", "host-1", 15001, "/peer/file/a", "1.0.6", "p2p",
        "127.0.0.2", "dfdaemon", "true");

    private static readonly CdnLocation Holder = new("akka.tcp://supernode@127.0.0.1:4053", "127.0.0.1", 8001, "repo-1");

    private static readonly PreheatRequest Request = new(PreheatType.Image, "http://127.0.0.1:5000/v2/app/manifests/v1", "sig&token",
        "id-p", ImmutableSortedDictionary<string, string>.Empty.Add("Authorization", "Basic eA=="), ["linux/amd64"]);

    private static readonly PreheatLayer Layer = new("sha256:a", "http://127.0.0.1:5000/v2/app/blobs/sha256:a", "task-of-a",
        PreheatStatus.Failed, "401", At.AddSeconds(2), 123);

    private static readonly SchedulerSnapshot Maps =
        new(1, true, [0], [new SchedulerSnapshot.Client(Cid, true, true, [1UL], [1UL], 2, 3, ["cdn"])]);

    /// <summary>Each sample under the manifest it is written with.</summary>
    public static IReadOnlyDictionary<string, object> All { get; } = new Dictionary<string, object>
    {
        ["te.created"] = new TaskEvents.TaskCreated("task-1", Source, 100, 4194304, At),
        ["te.client"] = new TaskEvents.ClientRegistered(Client, At),
        ["te.cstart"] = new TaskEvents.CdnCopyStarted("copy-1", Holder, 100, At),
        ["te.cok"] = new TaskEvents.CdnCopySucceeded("copy-1", 105, 100, "md5-of-content", ["p0:105"], At),
        ["te.cfail"] = new TaskEvents.CdnCopyFailed("copy-1", "source reset", At),
        ["te.down"] = new TaskEvents.ClientServiceDown(Cid, At),
        ["te.removed"] = new TaskEvents.ClientRemoved(Cid, At),
        ["te.expired"] = new TaskEvents.TaskExpired(At),
        ["te.deleted"] = new TaskEvents.TaskDeleted(At),
        ["te.split"] = new TaskEvents.TaskSplit(3, At),
        ["te.paused"] = new TaskEvents.TaskPaused(true, At),
        ["ts"] = new TaskState("task-1", Source, 100, 4194304, CdnStatus.Success, "copy-1", Holder, 105, "md5-of-content", ["p0:105"],
            ImmutableDictionary<string, TaskClient>.Empty.Add(Cid, Client), [Cid], At, Maps, Groups: 3, Paused: true),
        ["gs"] = new TaskGroupState("task-1", 2, Maps),
        ["pe.reg"] = new PeerEvents.PeerRegistered("peer-1", "127.0.0.1", "host-1", 15001, "1.0.6", At),
        ["pe.join"] = new PeerEvents.PeerJoinedTask("task-1", Cid, At),
        ["pe.deleted"] = new PeerEvents.PeerDeleted(At),
        ["ps"] = new PeerState("peer-1", "127.0.0.1", "host-1", 15001, "1.0.6", At, ImmutableSortedDictionary<string, string>.Empty.Add("task-1", Cid)),
        ["he.created"] = new PreheatEvents.JobCreated(Request, At),
        ["he.layers"] = new PreheatEvents.LayersResolved([Layer], Request.Headers, At),
        ["he.layer"] = new PreheatEvents.LayerFinished("task-of-a", true, "none", At, 123),
        ["he.ok"] = new PreheatEvents.JobSucceeded(At),
        ["he.failed"] = new PreheatEvents.JobFailed("registry answered 401", At),
        ["he.forgotten"] = new PreheatEvents.JobForgotten(true, At),
        ["hs"] = new PreheatState("preheat-1", Request, PreheatStatus.Running, At, At.AddSeconds(5), "one layer failed", [Layer],
            Request.Headers),
    };
}
