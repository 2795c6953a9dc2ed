using Akka.Hosting;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Peers;

/// <summary>Registry key of the peer shard region.</summary>
public sealed class PeerRegion;

/// <summary>The peer records of a replica: their shard region, each entity kept until it is forgotten.</summary>
public static class PeerHosting
{
    public static AkkaConfigurationBuilder WithPeerEntities(this AkkaConfigurationBuilder b, PeerExpiry expiry) =>
        b.WithShardRegionPlacedOnReachable<PeerRegion>(ShardNames.Peer,
            (_, _) => new EntityHosting(id => PeerEntity.Props(id, expiry), expiry.PassivateIdleAfter), EntityMessageExtractors.Peers());
}
