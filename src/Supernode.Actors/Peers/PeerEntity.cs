using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Peers;

/// <summary>
/// One peer (a host's uploader), cluster-wide: its durable registration and the tasks it joined. A peer that has
/// not registered for <see cref="PeerExpiry.ForgetAfter"/> is forgotten, its events deleted (the Go supernode's
/// peer GC), and so is one an operator deletes; registering again brings it back.
/// </summary>
public sealed class PeerEntity : SupernodeEntity, IWithTimers
{
    private const int SnapshotEvery = 100;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerExpiry _expiry;
    private PeerState _state;
    private long _lastRegisteredMs = Environment.TickCount64;

    /// <summary>The IP this entity counts in <see cref="PeerMetrics.Peers"/>; null while it holds no peer.</summary>
    private string? _countedIp;

    public PeerEntity(string peerId, PeerExpiry expiry)
    {
        _expiry = expiry;
        _state = PeerState.Empty(peerId);
        PersistenceId = ShardNames.PersistenceId(ShardNames.Peer, peerId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is PeerState s) _state = s;
        });
        Recover<IPeerEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => CountPeer());

        Command<PeerCommands.Register>(cmd =>
        {
            _lastRegisteredMs = Environment.TickCount64;
            var decision = _state.Decide(cmd, DateTimeOffset.UtcNow);
            var replyTo = Sender;
            if (decision.Events.IsEmpty)
            {
                replyTo.Tell(_state.View());
                return;
            }
            var remaining = decision.Events.Length;
            PersistForAnswer(decision.Events, replyTo, batched: false, e =>
            {
                var isNew = !_state.Exists;
                _state = _state.Apply(e);
                CountPeer();
                // Debug: the registration's request line already tells each one; a fleet's rollout is thousands.
                if (isNew) _log.Debug("Peer {PeerId} registered: {Ip}:{Port}", _state.PeerId, _state.Ip, _state.Port);
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
            Passivate();
        });
        KeepJournalTidy("peer", () => _state.PeerId);
        // Behind the write in hand, if any: the journal holds the commands back until it is done.
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<PeerCommands.Delete>(_ =>
        {
            if (!_state.Exists)
            {
                Sender.Tell(new PeerReplies.PeerUnknown(_state.PeerId));
                Passivate();
                return;
            }
            var replyTo = Sender;
            // Persisted first: should deleting the events fail, the recovered peer is still the deleted one.
            PersistForAnswer(new PeerEvents.PeerDeleted(DateTimeOffset.UtcNow), replyTo, _ =>
            {
                _log.Info("Peer {PeerId} deleted by an operator", _state.PeerId);
                Forget();
                replyTo.Tell(new PeerReplies.PeerDeleted(_state.PeerId));
            });
        });
        Command<ExpiryTick>(_ =>
        {
            if (!_state.Exists || Environment.TickCount64 - _lastRegisteredMs < (long)_expiry.ForgetAfter.TotalMilliseconds) return;
            _log.Info("Peer {PeerId} forgotten: no registration for {Idle}", _state.PeerId, _expiry.ForgetAfter);
            GcMetrics.Peers.Inc();
            Forget();
        });
    }

    /// <summary>The record goes: its events and snapshots are deleted and the entity stops.</summary>
    private void Forget()
    {
        _state = PeerState.Empty(_state.PeerId);
        CountPeer();
        ForgetAndStop();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void CountPeer()
    {
        var ip = _state.Exists ? _state.Ip : null;
        if (ip == _countedIp) return;
        if (_countedIp is not null) PeerMetrics.Peers.WithLabels(_countedIp).Dec();
        if (ip is not null) PeerMetrics.Peers.WithLabels(ip).Inc();
        _countedIp = ip;
    }

    protected override void PostStop()
    {
        _state = PeerState.Empty(_state.PeerId);
        CountPeer();
        base.PostStop();
    }

    protected override void PreStart()
    {
        base.PreStart();
        Timers.StartPeriodicTimer(nameof(ExpiryTick), ExpiryTick.Instance, _expiry.CheckEvery);
    }

    public static Props Props(string peerId, PeerExpiry expiry) => Akka.Actor.Props.Create(() => new PeerEntity(peerId, expiry));

    private sealed class ExpiryTick : INoSerializationVerificationNeeded
    {
        public static readonly ExpiryTick Instance = new();
    }

    public override string PersistenceId { get; }
}
