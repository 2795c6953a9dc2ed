namespace Supernode.Actors.Tasks;

/// <summary>
/// A stop the shard asks of a task entity while it has work in hand waits for that work: writes callers wait for, and
/// registrations on their way back through its mailbox to be decided again.
/// </summary>
public sealed class DeferredStop
{
    private int _continuing;
    private bool _deferred;

    public void Continuing() => _continuing++;

    public void Continued() => _continuing--;

    /// <summary>The shard asks the entity to stop: whether it may now; if not, the stop waits.</summary>
    public bool MayStop(bool writesInHand)
    {
        if (!writesInHand && _continuing == 0) return true;
        _deferred = true;
        return false;
    }

    /// <summary>Whether a stop that waited may go now (it is handed back once).</summary>
    public bool TakeDeferred(bool writesInHand)
    {
        if (!_deferred || writesInHand || _continuing > 0) return false;
        _deferred = false;
        return true;
    }
}
