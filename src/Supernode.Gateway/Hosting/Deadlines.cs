namespace Supernode.Gateway.Hosting;

/// <summary>
/// How long each kind of request may wait, in one place. dfget gives every call 5 s and treats a timeout as a dead
/// supernode (a failed registration, a migration that ends the download when it lists one address), so every dfget
/// call is answered within <see cref="DfgetAnswer"/> whatever happens behind it, and each wait inside fits in the
/// one around it: the CDN's look at the source, inside the task's wait for it, inside the gateway's ask.
/// </summary>
public static class Deadlines
{
    /// <summary>Every dfget call is answered by then (dfget waits 5 s; the rest is the network's).</summary>
    public static readonly TimeSpan DfgetAnswer = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A registration's ask of its task: the task answers or refuses before this. As long as the 4 s allow: a
    /// registration refused is a download lost for a fleet that lists one address, and a new task on a replica busy
    /// with a storm of new tasks may need 3 s.
    /// </summary>
    public static readonly TimeSpan Registration = TimeSpan.FromSeconds(3.5);

    /// <summary>
    /// A registration's ask of a task this replica knows of (<see cref="TaskDirectory"/>): once this passes, the client is
    /// answered from the task's announcement and its registration follows the task (relayed). Shorter than
    /// <see cref="Registration"/>: the answer is at hand, and a known task that has not answered by then is most likely
    /// on a replica that just died, which the failure detector takes about 3 s to call unreachable. With 3.5 s those
    /// registrations were answered after 3.6–4.0 s, at dfget's limit (kill matrix, docs/cluster.md).
    /// </summary>
    public static readonly TimeSpan RegistrationOfKnownTask = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// A registration's ask while a replica is unreachable: a task there cannot answer until the cluster has moved it,
    /// and one this replica knows of is answered from its announcement (<see cref="TaskDirectory"/>) once this passes.
    /// </summary>
    public static readonly TimeSpan RegistrationWhileReplicaUnreachable = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a task waits for its CDN manager's look at the source (probe, revalidation).</summary>
    public static readonly TimeSpan CdnReply = TimeSpan.FromSeconds(2.5);

    /// <summary>One look at the source that reads no body (length probe, conditional GET).</summary>
    public static readonly TimeSpan SourceProbe = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A pull's ask of its task; unanswered, the pull gets 602 and dfget asks again. Shorter than a registration's:
    /// a 602 costs dfget one back-off, a failed registration its download.
    /// </summary>
    public static readonly TimeSpan Pull = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// A pull's ask while a replica is unreachable: a task there cannot answer until the cluster has moved it, and a
    /// task anywhere else answers in milliseconds, so the wait is short and the answer a 602.
    /// </summary>
    public static readonly TimeSpan PullWhileReplicaUnreachable = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// What an answer may take to get from a task back to the replica that asked: a pull arriving at its task later
    /// than its deadline minus this hands out nothing (<c>PullPieceTask.AnswerBy</c>), since its answer could not
    /// arrive in time.
    /// </summary>
    public static readonly TimeSpan AnswerTravel = TimeSpan.FromMilliseconds(150);

    /// <summary>A piece report's ask of its task; unanswered, the report is relayed until the task takes it.</summary>
    public static readonly TimeSpan Report = TimeSpan.FromSeconds(1.5);

    /// <summary>An operator's request (reads, deletes, preheat jobs): nothing waits on it but a person or a script.</summary>
    public static readonly TimeSpan Admin = TimeSpan.FromSeconds(15);

    /// <summary>One entity's answer to a list of every entity of its kind; one that is later is left out of that list.</summary>
    public static readonly TimeSpan ListEntry = TimeSpan.FromSeconds(10);

    /// <summary>A shard region's answer about its shards and entities (ops, <c>/api/v1/cluster/shards</c>).</summary>
    public static readonly TimeSpan ShardRegion = TimeSpan.FromSeconds(5);

    /// <summary>How long the regions of the other replicas get to answer the cluster-wide shard statistics, inside <see cref="ShardRegion"/>.</summary>
    public static readonly TimeSpan ShardStatistics = TimeSpan.FromSeconds(3);

    /// <summary>A shard region's answer while <c>/metrics</c> is scraped; a later one leaves that scrape its last values.</summary>
    public static readonly TimeSpan MetricsScrape = TimeSpan.FromSeconds(2);

    /// <summary>One step of a replica's warm-up at start (journal, shards, first registration); a later one is tried again.</summary>
    public static readonly TimeSpan WarmupStep = TimeSpan.FromSeconds(10);
}
