namespace Supernode.ScaleSimulator.Service;

/// <summary>
/// The supernode as what it is: replicas of a few cores behind a load balancer, and the entities that own a task's
/// clients, each answering one call at a time. Costs are CPU microseconds measured on this project's 2-core machine
/// (docs/scale-simulator.md, "The supernode's service"); <see cref="Instant"/> is the former zero-time supernode.
/// </summary>
public sealed record SupernodeModel
{
    /// <summary>No queues and no costs: a call is handled the moment it is sent.</summary>
    public static SupernodeModel? Instant => null;

    public int Replicas { get; init; } = 3;

    public int CoresPerReplica { get; init; } = 8;

    /// <summary>CPU of one call on the replica that receives it, outside the entity: HTTP, middleware, the ask.</summary>
    public double CallMicros { get; init; } = 120;

    /// <summary>Extra CPU of a call whose entity lives on another replica (remoting both ways); an estimate.</summary>
    public double RemoteMicros { get; init; } = 40;

    /// <summary>A pull inside its entity: the scheduler's decision and the actor's handling.</summary>
    public double PullMicros { get; init; } = 13;

    /// <summary>A piece report inside its entity.</summary>
    public double ReportMicros { get; init; } = 8;

    /// <summary>Groups the task's clients are split into; 1 is today's design (one entity per task).</summary>
    public int Groups { get; init; } = 1;

    /// <summary>A share at the group that makes it and at each sibling that takes it (<see cref="Supernode.Actors.Scheduling.TaskGroups"/>).</summary>
    public double ShareMicros { get; init; } = 200;

    /// <summary>The replica that hosts group <paramref name="group"/>'s entity (shards spread evenly).</summary>
    public int ReplicaOf(int group) => group % Replicas;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Replicas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CoresPerReplica);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Groups);
        ArgumentOutOfRangeException.ThrowIfNegative(CallMicros);
        ArgumentOutOfRangeException.ThrowIfNegative(RemoteMicros);
        ArgumentOutOfRangeException.ThrowIfNegative(PullMicros);
        ArgumentOutOfRangeException.ThrowIfNegative(ReportMicros);
    }
}
