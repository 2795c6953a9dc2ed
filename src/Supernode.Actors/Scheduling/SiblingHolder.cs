namespace Supernode.Actors.Scheduling;

/// <summary>
/// A client of another group of the same task (<see cref="ClientGroup"/>), offered to this group's clients as a
/// source of <paramref name="Pieces"/>: what a group tells its siblings, so the task stays one P2P network when its
/// clients are scheduled by several entities.
/// </summary>
/// <param name="Pieces">The pieces it serves, as <see cref="PieceBitmap.ToWords"/>.</param>
public sealed record SiblingHolder(string Cid, ulong[] Pieces);
