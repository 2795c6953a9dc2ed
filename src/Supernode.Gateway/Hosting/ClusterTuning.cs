namespace Supernode.Gateway.Hosting;

/// <summary>
/// How fast a replica that dies is noticed and replaced, and what keeps a live one from being mistaken for dead.
/// dfget waits 5 s per call and its pulls get 602 meanwhile, so a lost replica's tasks should answer again within
/// about 10 s of its death: noticed after the failure detector's pause (heartbeats every 0.5 s, 2.5 s of silence),
/// downed once the cluster view has been stable for <c>stable-after</c>, its shards (and the shard coordinator, when
/// it ran there) handed to the survivors after <c>down-removal-margin</c> (the time the downed side has to stop its
/// own copies of those entities), and found there by the other replicas within the sharding <c>retry-interval</c>. The cluster's
/// own actors run on two threads of their own, so heartbeats go out on time while a replica's thread pool is busy
/// starting up or serving a storm, and a slow start is not taken for a death. A replica that leaves (SIGTERM) hands
/// its shards over and is gone in a few seconds; when every replica leaves at once nobody is left to confirm the
/// hand-off or the exit, so those phases are bounded to keep the whole stop inside the host's shutdown budget.
/// docs/cluster.md has the measurements.
/// </summary>
public static class ClusterTuning
{
    public const string Hocon = """
        akka.cluster {
          failure-detector {
            heartbeat-interval = 500ms
            acceptable-heartbeat-pause = 2.5s
          }
          # how often a silent member is looked for, the cluster view spread and the leader acts on it: twice the
          # default rate, each step of a replacement otherwise waits up to a second for its turn
          unreachable-nodes-reaper-interval = 500ms
          gossip-interval = 500ms
          leader-actions-interval = 500ms
          split-brain-resolver.stable-after = 2s
          down-removal-margin = 500ms
          # a region asks again for the new home of a moved shard this often. With it at 1 s, heartbeats every second,
          # stable-after 2.5 s and a 1 s margin, the kill matrix's failover took up to 10.05 s, over the 10 s promised
          sharding.retry-interval = 500ms
          # placing a shard is written to a majority of the members, not to all of them (Akka's defaults, a majority
          # plus 3 and at least 5, are every member of a cluster of up to 7): with "all", one replica dead but not yet
          # removed stops the placing of every new task for the seconds until its removal, and each of their
          # registrations fails. Reads stay at a majority plus 5, so a new coordinator still sees every write.
          sharding.coordinator-state.write-majority-plus = 0
          sharding.distributed-data.majority-min-cap = 2
          # such a write goes to one other member first and to the next after a fifth of this timeout: a member killed
          # moments ago (not yet unreachable) costs each new shard that fifth, 200 ms rather than Akka's 1 s
          sharding.updating-state-timeout = 1s
          # a new shard goes to the replica that asked for it (ReachableShardAllocation), so the spread follows the load
          # balancer's: shards (and the tasks in them) move only when a replica holds more than 5 above the least loaded,
          # not at every difference of 2
          sharding.least-shard-allocation-strategy.rebalance-threshold = 5
          use-dispatcher = "akka.cluster.membership-dispatcher"
          membership-dispatcher {
            type = ForkJoinDispatcher
            throughput = 100
            dedicated-thread-pool.thread-count = 2
          }
        }
        akka.coordinated-shutdown.phases {
          cluster-sharding-shutdown-region.timeout = 5s
          cluster-exiting.timeout = 3s
        }
        """;
}
