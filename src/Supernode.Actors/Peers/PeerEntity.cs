using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Peers;

/// <summary>One peer (a host's uploader), cluster-wide: its durable registration and the tasks it joined.</summary>
public sealed class PeerEntity : ReceivePersistentActor
{
    private const int SnapshotEvery = 100;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PeerState _state;

    public PeerEntity(string peerId)
    {
        _state = PeerState.Empty(peerId);
        PersistenceId = ShardNames.PersistenceId(ShardNames.Peer, peerId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is PeerState s) _state = s;
        });
        Recover<IPeerEvent>(e => _state = _state.Apply(e));

        Command<PeerCommands.Register>(cmd =>
        {
            var decision = _state.Decide(cmd, DateTimeOffset.UtcNow);
            var replyTo = Sender;
            if (decision.Events.IsEmpty)
            {
                replyTo.Tell(_state.View());
                return;
            }
            var remaining = decision.Events.Length;
            PersistAll(decision.Events, e =>
            {
                var isNew = !_state.Exists;
                _state = _state.Apply(e);
                if (isNew) _log.Info("Peer {PeerId} registered: {Ip}:{Port}", _state.PeerId, _state.Ip, _state.Port);
                if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_state);
                if (--remaining == 0) replyTo.Tell(_state.View());
            });
        });
        Command<PeerCommands.GetPeer>(_ =>
        {
            if (_state.Exists)
            {
                Sender.Tell(_state.View());
                return;
            }
            Sender.Tell(new PeerReplies.PeerUnknown(_state.PeerId));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of peer {PeerId} failed", _state.PeerId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public static Props Props(string peerId) => Akka.Actor.Props.Create(() => new PeerEntity(peerId));

    public override string PersistenceId { get; }
}
