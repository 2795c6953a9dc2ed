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

    /// <summary>Callers to be answered once their events are written, and told at once should the journal not write them.</summary>
    private readonly List<AnswerAfterWrite> _answersAfterWrite = [];

    private sealed record AnswerAfterWrite(object[] Events, IActorRef ReplyTo);

    /// <summary>A write that a caller waits for is in hand.</summary>
    protected bool AnswersAwaitWrite => _answersAfterWrite.Count > 0;

    /// <summary>
    /// Writes <paramref name="events"/> for a caller, running <paramref name="then"/> after each (which answers it); if
    /// the journal fails or refuses one of them, <paramref name="replyTo"/> is answered <see cref="NotRecorded"/> at once.
    /// </summary>
    /// <param name="batched">
    /// The entity goes on with its next commands while they are written (<c>PersistAllAsync</c>), so the journal writes
    /// them in batches with others; otherwise the next commands wait for them.
    /// </param>
    protected void PersistForAnswer<TEvent>(IReadOnlyList<TEvent> events, IActorRef replyTo, bool batched, Action<TEvent> then)
    {
        var pending = new AnswerAfterWrite([.. events.Cast<object>()], replyTo);
        _answersAfterWrite.Add(pending);
        var remaining = events.Count;
        void Written(TEvent e)
        {
            var last = --remaining == 0;
            if (last) _answersAfterWrite.Remove(pending);
            then(e);
            if (last) WriteSettled();
        }
        if (batched) PersistAllAsync(events, Written);
        else PersistAll(events, Written);
    }

    protected void PersistForAnswer<TEvent>(TEvent e, IActorRef replyTo, Action<TEvent> then) => PersistForAnswer([e], replyTo, batched: false, then);

    /// <summary>The journal failed a write: the entity stops after this (Akka's rule); every caller waiting for a write learns it now.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _journalLog.Warning("{PersistenceId}: writing {Event} failed, the entity stops until the journal takes writes again: {Cause}",
            PersistenceId, @event.GetType().Name, cause.Message);
        foreach (var waiting in _answersAfterWrite) waiting.ReplyTo.Tell(new NotRecorded(PersistenceId, cause.Message));
        _answersAfterWrite.Clear();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused one write (the entity goes on): the callers whose events it carried learn it now.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _journalLog.Warning("{PersistenceId}: the journal refused {Event}: {Cause}", PersistenceId, @event.GetType().Name, cause.Message);
        foreach (var waiting in _answersAfterWrite.Where(a => a.Events.Contains(@event)).ToList())
        {
            waiting.ReplyTo.Tell(new NotRecorded(PersistenceId, cause.Message));
            _answersAfterWrite.Remove(waiting);
        }
        WriteSettled();
    }

    /// <summary>A write that a caller waited for was written (and answered) or refused: what waited for it may go on.</summary>
    protected virtual void WriteSettled()
    {
    }

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
