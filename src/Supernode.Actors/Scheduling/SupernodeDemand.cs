namespace Supernode.Actors.Scheduling;

/// <summary>
/// How many pieces of one task the supernode's copy serves at once: one per <see cref="ClientsPerPiece"/> clients of
/// the task, at least the configured budget (the Go supernode's fixed 4 by default) and at most the ceiling per
/// replica times the Up replicas (more replicas share the cluster's tasks, so each has more upload to give). The
/// scale simulator (<c>docs/scale-simulator.md</c>) chose the numbers: the supernode then serves about budget / (2·N)
/// of the bytes, ≤ 2.5 %, while a fixed large budget overspends on small fleets and slows every piece it serves.
/// </summary>
public static class SupernodeDemand
{
    public const int ClientsPerPiece = 20;

    public static int Budget(int configured, int ceilingPerReplica, int clients, int upReplicas)
    {
        var ceiling = Math.Max(configured, ceilingPerReplica) * Math.Max(1, upReplicas);
        var demand = (clients + ClientsPerPiece - 1) / ClientsPerPiece;
        return Math.Clamp(demand, configured, ceiling);
    }
}
