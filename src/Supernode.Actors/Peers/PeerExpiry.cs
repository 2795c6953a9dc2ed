namespace Supernode.Actors.Peers;

/// <summary>
/// When a peer record is forgotten: after its tasks could have expired (taskExpireTime) and the Go supernode's
/// peer GC delay after that (peerGCDelay), without a registration. Checked every gcMetaInterval.
/// </summary>
public sealed record PeerExpiry(TimeSpan CheckEvery, TimeSpan ForgetAfter)
{
    public static PeerExpiry Default { get; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));

    /// <summary>How long an idle peer entity is kept before its shard stops it (see <see cref="Tasks.TaskExpiry.PassivateIdleAfter"/>).</summary>
    public TimeSpan PassivateIdleAfter => ForgetAfter + 2 * CheckEvery;
}
