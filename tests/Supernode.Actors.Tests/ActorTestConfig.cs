namespace Supernode.Actors.Tests;

/// <summary>
/// TestKit configuration: in-memory persistence, our serializer bound (round trips are tested separately:
/// serialize-messages breaks the in-memory journal), and 10 s for an expected message (the default is 3 s: in a
/// clean ./test.sh the first tests run while MSBuild compiles the next test project on the same two cores, and a
/// first message once took longer than 3 s). Waits that must end are bounded by it; waits for no message are not.
/// </summary>
internal static class ActorTestConfig
{
    public const string Hocon = """
        akka.loglevel = INFO
        akka.test.single-expect-default = 10s
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.actor.serialize-messages = off
        akka.actor.serializers.supernode = "Supernode.Actors.Protocol.SupernodeSerializer, Supernode.Actors"
        akka.actor.serialization-bindings {
          "Supernode.Actors.Protocol.ISupernodeMessage, Supernode.Actors" = supernode
        }
        """;
}
