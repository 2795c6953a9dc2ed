using Akka.Actor;
using Akka.Persistence;

namespace Supernode.Actors.Protocol;

/// <summary>
/// A replica's first use of its journal and snapshot store, before it takes requests: starting the plugins creates
/// their tables, and a recovery, a write, a snapshot and their deletion open the connection pool and compile every
/// query an entity uses. Otherwise the first registrations after a start pay for all of that (seconds) while a
/// fleet waits. <see cref="Begin"/> is answered with <see cref="Done"/>, or a <see cref="Status.Failure"/> (the
/// caller tries again); either way the actor stops.
/// </summary>
public sealed class JournalWarmup : ReceivePersistentActor
{
    private IActorRef _replyTo = ActorRefs.Nobody;

    public JournalWarmup(string replicaId)
    {
        PersistenceId = ShardNames.PersistenceId(ShardNames.Warmup, replicaId);
        Recover<Mark>(_ => { });
        Recover<SnapshotOffer>(_ => { });
        Command<Begin>(_ =>
        {
            _replyTo = Sender;
            Persist(new Mark(DateTimeOffset.UtcNow), m => SaveSnapshot(m));
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr));
            DeleteMessages(LastSequenceNr);
        });
        Command<SaveSnapshotFailure>(f => Fail(f.Cause));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Fail(f.Cause));
        Command<DeleteMessagesSuccess>(_ =>
        {
            _replyTo.Tell(Done.Instance);
            Context.Stop(Self);
        });
        Command<DeleteMessagesFailure>(f => Fail(f.Cause));
    }

    public override string PersistenceId { get; }

    /// <param name="replicaId">Stable per replica, so each keeps one persistence id however often it starts.</param>
    public static Props Props(string replicaId) => Akka.Actor.Props.Create(() => new JournalWarmup(replicaId));

    private void Fail(Exception cause)
    {
        _replyTo.Tell(new Status.Failure(cause));
        Context.Stop(Self);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _replyTo.Tell(new Status.Failure(cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The one event (and snapshot) written and deleted again.</summary>
    public sealed record Mark(DateTimeOffset At) : ISupernodeMessage;

    public sealed class Begin
    {
        public static readonly Begin Instance = new();
    }

    public sealed class Done
    {
        public static readonly Done Instance = new();
    }
}
