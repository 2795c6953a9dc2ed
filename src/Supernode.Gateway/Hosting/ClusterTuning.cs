namespace Supernode.Gateway.Hosting;

/// <summary>
/// How fast a replica that dies is noticed and replaced, and what keeps a live one from being mistaken for dead.
/// dfget waits 5 s per call and its pulls get 602 meanwhile, so a lost replica's tasks should answer again within
/// about 10 s of its death: noticed after the failure detector's pause (heartbeats every second, 3 s of silence),
/// downed once the cluster view has been stable for <c>stable-after</c>, its shards handed to the survivors after
/// <c>down-removal-margin</c> (the time the downed side has to stop its own copies of those entities). The cluster's
/// own actors run on two threads of their own, so heartbeats go out on time while a replica's thread pool is busy
/// starting up or serving a storm, and a slow start is not taken for a death. docs/cluster.md has the measurements.
/// </summary>
public static class ClusterTuning
{
    public const string Hocon = """
        akka.cluster {
          failure-detector {
            heartbeat-interval = 1s
            acceptable-heartbeat-pause = 3s
          }
          split-brain-resolver.stable-after = 3s
          down-removal-margin = 2s
          use-dispatcher = "akka.cluster.membership-dispatcher"
          membership-dispatcher {
            type = ForkJoinDispatcher
            throughput = 100
            dedicated-thread-pool.thread-count = 2
          }
        }
        """;
}
