using Akka.Cluster.Sharding;

namespace Supernode.Actors.Protocol;

/// <summary>
/// What a shard sends an entity to stop it: on its passivation, when idle, and on a hand-off. A message the entity
/// handles, unlike a <c>PoisonPill</c>, so that it stops after the work already in its mailbox and in hand (a source
/// probe, a registration being written) instead of dropping it: a registration that arrived right behind a read of an
/// unknown task was otherwise lost with the entity, and with it the download of a fleet's client.
/// </summary>
public sealed record StopEntity
{
    public static readonly StopEntity Instance = new();

    /// <summary>What an entity tells its shard to be stopped with this message.</summary>
    public static readonly Passivate Passivation = new(Instance);

    private StopEntity()
    {
    }
}
