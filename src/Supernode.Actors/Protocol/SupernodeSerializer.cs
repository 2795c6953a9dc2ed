using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Supernode.Actors.Cdn;
using Supernode.Actors.Peers;
using Supernode.Actors.Preheat;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Protocol;

/// <summary>
/// The one serializer of every <see cref="ISupernodeMessage"/>: System.Text.Json with short, stable manifests.
/// Manifests are a schema: never reuse or rename one, only add.
/// </summary>
public sealed class SupernodeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4712;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        IncludeFields = false,
    };

    private static readonly (Type Type, string Manifest)[] Table =
    [
        // tasks: commands, events, replies, snapshot
        (typeof(TaskCommands.Register), "t.reg"),
        (typeof(TaskCommands.Preheat), "t.preheat"),
        (typeof(TaskCommands.GetTask), "t.get"),
        (typeof(TaskCommands.CdnPiecesWritten), "t.cpw"),
        (typeof(TaskCommands.CdnCopyFinished), "t.cpf"),
        (typeof(TaskCommands.CdnPieceRepaired), "t.repaired"),
        (typeof(TaskCommands.CdnCopyRemoved), "t.removed"),
        (typeof(TaskCommands.PullPieceTask), "t.pull"),
        (typeof(TaskCommands.ReportPieceSuccess), "t.suc"),
        (typeof(TaskCommands.ReportPieceError), "t.perr"),
        (typeof(TaskCommands.ReportServiceDown), "t.down"),
        (typeof(TaskCommands.DeleteTask), "t.delete"),
        (typeof(TaskCommands.GetPieceMap), "t.pmap"),
        (typeof(TaskCommands.JoinGroup), "t.gjoin"),
        (typeof(TaskCommands.GroupActivity), "t.gact"),
        (typeof(TaskCommands.CopySuspect), "t.suspect"),
        (typeof(TaskCommands.UpdateTask), "t.update"),
        (typeof(TaskEvents.TaskCreated), "te.created"),
        (typeof(TaskEvents.ClientRegistered), "te.client"),
        (typeof(TaskEvents.CdnCopyStarted), "te.cstart"),
        (typeof(TaskEvents.CdnCopySucceeded), "te.cok"),
        (typeof(TaskEvents.CdnCopyFailed), "te.cfail"),
        (typeof(TaskEvents.ClientServiceDown), "te.down"),
        (typeof(TaskEvents.ClientRemoved), "te.removed"),
        (typeof(TaskEvents.TaskExpired), "te.expired"),
        (typeof(TaskEvents.TaskDeleted), "te.deleted"),
        (typeof(TaskEvents.TaskSplit), "te.split"),
        (typeof(TaskEvents.TaskPaused), "te.paused"),
        (typeof(TaskReplies.Registered), "tr.reg"),
        (typeof(TaskReplies.RegistrationRefused), "tr.refused"),
        (typeof(TaskReplies.TaskUnknown), "tr.unknown"),
        (typeof(TaskReplies.TaskView), "tr.view"),
        (typeof(TaskReplies.PiecesAssigned), "tr.pieces"),
        (typeof(TaskReplies.PeerWait), "tr.wait"),
        (typeof(TaskReplies.PeerFinished), "tr.finished"),
        (typeof(TaskReplies.PullFailed), "tr.pullfail"),
        (typeof(TaskReplies.PieceAccepted), "tr.pieceok"),
        (typeof(TaskReplies.ServiceDownAccepted), "tr.downok"),
        (typeof(TaskReplies.ReportRejected), "tr.rejected"),
        (typeof(TaskReplies.PieceErrorNoted), "tr.perrok"),
        (typeof(TaskReplies.TaskDeleted), "tr.deleted"),
        (typeof(TaskReplies.PieceMap), "tr.pmap"),
        (typeof(TaskReplies.TaskUpdated), "tr.updated"),
        (typeof(TaskReplies.UpdateRefused), "tr.updrefused"),
        (typeof(TaskState), "ts"),
        (typeof(TaskAnnouncements.Known), "ta.known"),
        (typeof(TaskAnnouncements.Forgotten), "ta.forgotten"),
        // a hot task's groups
        (typeof(TaskGroupCommands.Pull), "g.pull"),
        (typeof(TaskGroupCommands.PieceSuccess), "g.suc"),
        (typeof(TaskGroupCommands.PieceError), "g.perr"),
        (typeof(TaskGroupCommands.Feed), "g.feed"),
        (typeof(TaskGroupCommands.Dissolve), "g.dissolve"),
        (typeof(TaskGroupCommands.SiblingHolders), "g.siblings"),
        (typeof(TaskGroupCommands.GetPieceMap), "g.pmap"),
        (typeof(TaskGroupCommands.PeerHoldsAll), "g.holdsall"),
        (typeof(TaskGroupState), "gs"),
        // CDN
        (typeof(CdnCommands.ProbeSource), "c.probe"),
        (typeof(CdnCommands.StartCopy), "c.start"),
        (typeof(CdnCommands.RepairPiece), "c.repair"),
        (typeof(CdnCommands.RemoveCopy), "c.remove"),
        (typeof(CdnReplies.SourceProbed), "cr.probed"),
        (typeof(CdnReplies.CopyRemoved), "cr.removed"),
        // peers
        (typeof(PeerCommands.Register), "p.reg"),
        (typeof(PeerCommands.GetPeer), "p.get"),
        (typeof(PeerCommands.Delete), "p.delete"),
        (typeof(PeerEvents.PeerRegistered), "pe.reg"),
        (typeof(PeerEvents.PeerJoinedTask), "pe.join"),
        (typeof(PeerEvents.PeerDeleted), "pe.deleted"),
        (typeof(PeerReplies.PeerView), "pr.view"),
        (typeof(PeerReplies.PeerUnknown), "pr.unknown"),
        (typeof(PeerReplies.PeerDeleted), "pr.deleted"),
        (typeof(PeerState), "ps"),
        // preheat jobs
        (typeof(PreheatCommands.Create), "h.create"),
        (typeof(PreheatCommands.Get), "h.get"),
        (typeof(PreheatCommands.Delete), "h.delete"),
        (typeof(PreheatCommands.Wake), "h.wake"),
        (typeof(PreheatEvents.JobCreated), "he.created"),
        (typeof(PreheatEvents.LayersResolved), "he.layers"),
        (typeof(PreheatEvents.LayerFinished), "he.layer"),
        (typeof(PreheatEvents.JobSucceeded), "he.ok"),
        (typeof(PreheatEvents.JobFailed), "he.failed"),
        (typeof(PreheatEvents.JobForgotten), "he.forgotten"),
        (typeof(PreheatReplies.Accepted), "hr.accepted"),
        (typeof(PreheatReplies.AlreadyDone), "hr.done"),
        (typeof(PreheatReplies.PreheatUnknown), "hr.unknown"),
        (typeof(PreheatReplies.Deleted), "hr.deleted"),
        (typeof(PreheatReplies.Woken), "hr.woken"),
        (typeof(PreheatReplies.PreheatView), "hr.view"),
        (typeof(PreheatState), "hs"),
        // a replica's journal warm-up
        (typeof(JournalWarmup.Mark), "w.mark"),
        // any entity
        (typeof(NotRecorded), "x.notrec"),
    ];

    private static readonly FrozenDictionary<Type, string> ManifestOf = Table.ToFrozenDictionary(e => e.Type, e => e.Manifest);
    private static readonly FrozenDictionary<string, Type> TypeOf = Table.ToFrozenDictionary(e => e.Manifest, e => e.Type);

    /// <summary>Every message type this serializer knows (tests check that none is missing).</summary>
    public static IReadOnlyCollection<Type> KnownTypes => ManifestOf.Keys;

    /// <summary>
    /// Builds the JSON contract of every message type now: reflecting over a type costs milliseconds the first time,
    /// which a replica's first registration would otherwise pay while a fleet waits behind it.
    /// </summary>
    public static void Prepare()
    {
        foreach (var (type, _) in Table) Json.GetTypeInfo(type);
    }

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ManifestOf.TryGetValue(o.GetType(), out var m)
            ? m
            : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(SupernodeSerializer)}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypeOf.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"empty payload for {manifest}")
            : throw new SerializationException($"unknown manifest '{manifest}'");
}
