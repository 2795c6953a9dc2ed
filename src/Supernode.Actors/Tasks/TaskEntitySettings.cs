using Supernode.Actors.Cdn;

namespace Supernode.Actors.Tasks;

/// <summary>What a task entity needs to know about the replica it runs on and the knobs that shape it.</summary>
/// <param name="LocalCdn">This replica, as a CDN copy holder.</param>
/// <param name="IsNodeUp">Whether the replica at a cluster address is an Up member (a copy there is usable).</param>
/// <param name="FailAccessInterval">How long a source that answered 404 is refused without asking it again.</param>
/// <param name="ReplyTimeout">How long the entity waits for its CDN manager's probe or revalidation.</param>
/// <param name="SnapshotEvery">Save a snapshot every this many events.</param>
public sealed record TaskEntitySettings(
    CdnLocation LocalCdn,
    Func<string, bool> IsNodeUp,
    TimeSpan FailAccessInterval,
    TimeSpan ReplyTimeout,
    int SnapshotEvery = 100);
