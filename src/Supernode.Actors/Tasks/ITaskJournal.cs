using System.Collections.Immutable;
using Akka.Actor;

namespace Supernode.Actors.Tasks;

/// <summary>
/// What the parts of a task entity ask of it to change the task: only the entity persists, and it applies each event
/// written before running <c>then</c>; its parts decide.
/// </summary>
public interface ITaskJournal
{
    TaskState State { get; }

    void Persist<TEvent>(TEvent e, Action<TEvent>? then = null) where TEvent : ITaskEvent;

    /// <summary>
    /// Writes events a caller waits for; should the journal fail or refuse them, <paramref name="replyTo"/> is answered
    /// <see cref="Protocol.NotRecorded"/> at once.
    /// </summary>
    /// <param name="batched">
    /// The entity goes on with its next commands while these are written (a client joining a known task), so the
    /// journal writes them in batches with others; otherwise the next commands wait for them.
    /// </param>
    void PersistForAnswer(ImmutableArray<ITaskEvent> events, IActorRef replyTo, bool batched, Action<ITaskEvent> then);

    /// <summary>Pieces the CDN wrote: soft state, applied at once for the scheduler to hand out.</summary>
    void ApplyProgress(TaskCommands.CdnPiecesWritten written);
}

/// <summary>What a task's registrations ask of their entity's mailbox.</summary>
public interface ITaskMailbox
{
    /// <summary>
    /// Waits for the CDN's answer to a probe or a revalidation, or for the reply timeout (then <c>null</c>), holding
    /// back every other command meanwhile: a task decides one registration at a time. <c>then</c> also learns how
    /// many registrations came meanwhile (a burst).
    /// </summary>
    void AwaitCdn(Func<object, bool> isAnswer, Action<object?, int> then);

    /// <summary>Sends the registration back through the mailbox to be decided again.</summary>
    void DecideAgain(ITaskRegistration registration, IActorRef replyTo);

    /// <summary>A registration was refused: an entity without a task stops (unless it remembers a recent 404).</summary>
    void Refused();
}
