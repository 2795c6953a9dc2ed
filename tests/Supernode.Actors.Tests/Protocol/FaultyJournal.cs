using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Supernode.Actors.Tests.Protocol;

/// <summary>
/// A journal that takes no write, the fault an entity must answer for at once: it refuses each write (as a journal
/// refuses an event it cannot serialize or store) for persistence ids containing <see cref="Refuses"/>, and fails
/// the whole batch (as a database that is down does) for every other id. It holds no event, so every entity starts
/// empty.
/// </summary>
public sealed class FaultyJournal : AsyncWriteJournal
{
    public const string Refuses = "refused";

    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.faulty"
        akka.persistence.journal.faulty.class = "Supernode.Actors.Tests.Protocol.FaultyJournal, Supernode.Actors.Tests"
        akka.persistence.journal.faulty.plugin-dispatcher = "akka.actor.default-dispatcher"
        """;

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback) => Task.CompletedTask;

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        Task.FromResult(0L);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        if (writes.Any(w => !w.PersistenceId.Contains(Refuses, StringComparison.Ordinal)))
            return Task.FromException<IImmutableList<Exception?>>(new InvalidOperationException("the database is down"));
        return Task.FromResult<IImmutableList<Exception?>>(writes.Select(_ => (Exception?)new InvalidOperationException("the journal refuses it")).ToImmutableList());
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Task.CompletedTask;
}
