namespace Supernode.Actors.Tests;

/// <summary>TestKit configuration: in-memory persistence, our serializer bound (round trips are tested separately: serialize-messages breaks the in-memory journal).</summary>
internal static class ActorTestConfig
{
    public const string Hocon = """
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.actor.serialize-messages = off
        akka.actor.serializers.supernode = "Supernode.Actors.Protocol.SupernodeSerializer, Supernode.Actors"
        akka.actor.serialization-bindings {
          "Supernode.Actors.Protocol.ISupernodeMessage, Supernode.Actors" = supernode
        }
        """;
}
