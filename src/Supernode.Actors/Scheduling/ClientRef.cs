namespace Supernode.Actors.Scheduling;

/// <summary>
/// A client as other state refers to it (holder lists, blacklists, assignment sources): its slot and the
/// generation of the registration that owns the slot, so references to a removed or re-registered client go
/// stale instead of pointing at whoever holds the slot now.
/// </summary>
internal readonly record struct ClientRef(int Index, int Generation)
{
    /// <summary>The supernode's own copy as a source.</summary>
    public static readonly ClientRef Supernode = new(-1, 0);

    public bool IsSupernode => Index < 0;
}
