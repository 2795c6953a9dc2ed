using System.Collections.Immutable;
using Akka.Actor;

namespace Supernode.Actors.Tasks;

/// <summary>
/// The registrations a task entity holds until they are answered: those waiting for their events to be written, and
/// those on their way back through its mailbox to be decided again. A stop the shard asks for meanwhile waits for them.
/// </summary>
public sealed class RegistrationsInHand
{
    private readonly List<AwaitingWrite> _awaitingWrites = [];
    private int _continuing;
    private bool _stopDeferred;

    public sealed record AwaitingWrite(IActorRef ReplyTo, ImmutableArray<ITaskEvent> Events);

    public bool Any => _awaitingWrites.Count > 0 || _continuing > 0;

    public AwaitingWrite AwaitWrite(IActorRef replyTo, ImmutableArray<ITaskEvent> events)
    {
        var awaiting = new AwaitingWrite(replyTo, events);
        _awaitingWrites.Add(awaiting);
        return awaiting;
    }

    public void Written(AwaitingWrite awaiting) => _awaitingWrites.Remove(awaiting);

    public void Continuing() => _continuing++;

    public void Continued() => _continuing--;

    /// <summary>The shard asks the entity to stop: whether it may now; if not, the stop waits for what is in hand.</summary>
    public bool MayStop()
    {
        if (!Any) return true;
        _stopDeferred = true;
        return false;
    }

    /// <summary>Whether a stop that waited may go now (it is handed back once).</summary>
    public bool TakeDeferredStop()
    {
        if (!_stopDeferred || Any) return false;
        _stopDeferred = false;
        return true;
    }

    /// <summary>The journal failed: every registration waiting for a write is lost; whom to tell.</summary>
    public IReadOnlyList<IActorRef> FailAll()
    {
        var replyTo = _awaitingWrites.Select(a => a.ReplyTo).ToList();
        _awaitingWrites.Clear();
        return replyTo;
    }

    /// <summary>The journal refused one event: the registrations that carried it are lost; whom to tell.</summary>
    public IReadOnlyList<IActorRef> FailCarrying(object @event)
    {
        var failed = _awaitingWrites.Where(a => a.Events.Contains(@event)).ToList();
        foreach (var awaiting in failed) _awaitingWrites.Remove(awaiting);
        return failed.Select(a => a.ReplyTo).ToList();
    }
}
