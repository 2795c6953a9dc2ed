namespace Supernode.ScaleSimulator.Network;

/// <summary>One piece on the wire from a sender to a receiver.</summary>
public struct Transfer
{
    public int Sender;
    public int Receiver;

    /// <summary>What the caller put on it (the piece number).</summary>
    public int Tag;

    /// <summary>Bytes left as of <see cref="Since"/>.</summary>
    public double Remaining;

    /// <summary>Bytes per second since <see cref="Since"/>.</summary>
    public double Rate;

    public double Since;

    /// <summary>Bumped at every rate change (and never reset when the slot is reused): older completion events are stale.</summary>
    public int Version;
}
