using Akka.Cluster;

namespace Supernode.Actors.Protocol;

/// <summary>What this replica's cluster view says of another replica.</summary>
public static class ClusterMembers
{
    /// <summary>
    /// Whether the member matching <paramref name="isMember"/> is Up and not unreachable: one that stopped answering
    /// can take no work (a shard, a copy's pulls) even before it is downed.
    /// </summary>
    public static bool IsUpAndReachable(this ClusterEvent.CurrentClusterState state, Func<Member, bool> isMember) =>
        state.Members.Any(m => m.Status == MemberStatus.Up && isMember(m)) && !state.Unreachable.Any(isMember);
}
