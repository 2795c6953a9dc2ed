namespace Supernode.Actors.Tasks;

/// <summary>When a task and its clients are forgotten (the Go supernode's meta GC, with its defaults).</summary>
/// <param name="CheckEvery">How often a task looks (gcMetaInterval).</param>
/// <param name="TaskExpireTime">A task nobody registered for or pulled for this long is forgotten; so is a silent client.</param>
/// <param name="ClientGcDelay">A client whose uploader went down is forgotten this long after (peerGCDelay).</param>
public sealed record TaskExpiry(TimeSpan? CheckEvery = null, TimeSpan? TaskExpireTime = null, TimeSpan? ClientGcDelay = null)
{
    public TimeSpan Check => CheckEvery ?? TimeSpan.FromMinutes(2);
    public TimeSpan TaskExpire => TaskExpireTime ?? TimeSpan.FromMinutes(3);
    public TimeSpan ClientGc => ClientGcDelay ?? TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long an idle task entity is kept before its shard stops it. Its own timers do not count as activity, so an
    /// entity stopped before its expiry tick came would never forget its task: its journal rows would stay for good.
    /// The tick that finds it idle comes at most one check after the expire time; one more check leaves it time to write.
    /// </summary>
    public TimeSpan PassivateIdleAfter => TaskExpire + 2 * Check;

    /// <summary>
    /// The clients to forget now: silent for <see cref="TaskExpire"/>, or down for <see cref="ClientGc"/>.
    /// </summary>
    /// <param name="lastSeenMs">When each client was last heard from; a client missing here counts from <paramref name="sinceMs"/>.</param>
    /// <param name="downSinceMs">When each down client went down.</param>
    public IEnumerable<string> ClientsToForget(
        IEnumerable<string> clients, IReadOnlyDictionary<string, long> lastSeenMs, IReadOnlyDictionary<string, long> downSinceMs, long sinceMs, long nowMs)
    {
        foreach (var cid in clients)
        {
            var seen = lastSeenMs.GetValueOrDefault(cid, sinceMs);
            var silent = nowMs - seen >= (long)TaskExpire.TotalMilliseconds;
            var gone = downSinceMs.TryGetValue(cid, out var down) && nowMs - down >= (long)ClientGc.TotalMilliseconds;
            if (silent || gone) yield return cid;
        }
    }
}
