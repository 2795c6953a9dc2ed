using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Supernode.Actors.Tests;

/// <summary>
/// An entity's parent that acts as its shard does: it forwards what it is sent to the entity, answers the entity's
/// <see cref="Passivate"/> by sending it the stop message it named, and stops when the entity has.
/// </summary>
internal sealed class ShardStandIn : ReceiveActor
{
    public ShardStandIn(Props entity)
    {
        var child = Context.Watch(Context.ActorOf(entity, "entity"));
        Receive<Passivate>(p => child.Tell(p.StopMessage));
        Receive<Terminated>(_ => Context.Stop(Self));
        ReceiveAny(m => child.Forward(m));
    }

    public static Props Props(Props entity) => Akka.Actor.Props.Create(() => new ShardStandIn(entity));
}
