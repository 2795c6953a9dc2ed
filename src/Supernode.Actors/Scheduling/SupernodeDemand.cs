namespace Supernode.Actors.Scheduling;

/// <summary>
/// How many pieces of one task the supernode's copy serves at once: the configured budget, raised with demand (a
/// quarter of the task's clients, enough to seed the swarm when many start together) up to the budget times the
/// Up replicas (more replicas share the cluster's tasks, so each has more upload to give). One replica keeps the
/// configured budget: the Go supernode's fixed 4, the known cause of "peer should wait" stalls, is only the floor.
/// </summary>
public static class SupernodeDemand
{
    public static int Budget(int configured, int clients, int upReplicas)
    {
        var ceiling = configured * Math.Max(1, upReplicas);
        var demand = (clients + 3) / 4;
        return Math.Clamp(demand, configured, ceiling);
    }
}
