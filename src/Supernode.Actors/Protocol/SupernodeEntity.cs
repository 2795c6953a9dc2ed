using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Supernode.Actors.Protocol;

/// <summary>
/// A sharded persistent entity of the supernode (a task, a peer, a preheat job): it keeps only its newest snapshot,
/// and when what it holds is gone it forgets itself wholly, events and snapshots, and stops.
/// </summary>
public abstract class SupernodeEntity : ReceivePersistentActor
{
    private readonly ILoggingAdapter _journalLog = Context.GetLogger();

    /// <summary>
    /// Handles the journal's answers about snapshots and deletions: older snapshots go once a new one is saved; a
    /// failure is logged, and the rows it left are deleted with the next.
    /// </summary>
    /// <param name="kind">The entity as a log names it: task, peer, preheat.</param>
    protected void KeepJournalTidy(string kind, Func<string> id)
    {
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _journalLog.Warning(f.Cause, "Snapshot of {Entity} {EntityId} failed", kind, id()));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _journalLog.Warning(f.Cause, "Deleting old snapshots of {Entity} {EntityId} failed", kind, id()));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _journalLog.Warning(f.Cause, "Deleting the events of forgotten {Entity} {EntityId} failed", kind, id()));
    }

    /// <summary>After the event that empties the entity: its events and snapshots are deleted and it stops.</summary>
    protected void ForgetAndStop()
    {
        DeleteMessages(LastSequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(LastSequenceNr));
        Passivate();
    }

    /// <summary>Asks the shard to stop the entity; commands already in its mailbox are handled first.</summary>
    protected void Passivate() => Context.Parent.Tell(StopEntity.Passivation);
}
