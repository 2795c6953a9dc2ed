namespace Supernode.ScaleSimulator.Service;

/// <summary>
/// Where a call waits: first for a core of the replica the load balancer sent it to (first come, first served over
/// the replica's cores), then for its entity (one call at a time). Times are virtual seconds.
/// </summary>
internal sealed class ServiceQueues
{
    private readonly SupernodeModel _model;
    private readonly double[][] _coreFree;
    private readonly double[] _entityFree;
    private readonly double[] _entityBusy;
    private readonly long[] _callsServedByReplica;
    private int _nextReplica;

    public ServiceQueues(SupernodeModel model)
    {
        model.Validate();
        _model = model;
        _coreFree = [.. Enumerable.Range(0, model.Replicas).Select(_ => new double[model.CoresPerReplica])];
        _entityFree = new double[model.Groups];
        _entityBusy = new double[model.Groups];
        _callsServedByReplica = new long[model.Replicas];
    }

    /// <summary>
    /// A call sent at <paramref name="now"/> for group <paramref name="group"/>: when it reaches its entity, after the
    /// receiving replica (round robin, as the load balancer) spent its share of CPU on it.
    /// </summary>
    public double ReachEntity(double now, int group)
    {
        var replica = _nextReplica;
        _nextReplica = (_nextReplica + 1) % _model.Replicas;
        var cores = _coreFree[replica];
        var core = 0;
        for (var i = 1; i < cores.Length; i++)
            if (cores[i] < cores[core]) core = i;
        var cost = _model.CallMicros + (_model.ReplicaOf(group) == replica ? 0 : _model.RemoteMicros);
        var done = Math.Max(now, cores[core]) + cost / 1e6;
        cores[core] = done;
        _callsServedByReplica[_model.ReplicaOf(group)]++;
        return done;
    }

    /// <summary>When the entity of <paramref name="group"/> has handled work that reached it at <paramref name="arrival"/>.</summary>
    public double Handle(double arrival, int group, double micros)
    {
        var start = Math.Max(arrival, _entityFree[group]);
        var done = start + micros / 1e6;
        _entityFree[group] = done;
        _entityBusy[group] += micros / 1e6;
        return done;
    }

    /// <summary>When a call sent at <paramref name="sent"/> has been handled by its group's entity, its replica's part first.</summary>
    public double Answer(double sent, int group, double entityMicros) => Handle(ReachEntity(sent, group), group, entityMicros);

    /// <summary>Busy time of the busiest entity over <paramref name="seconds"/>.</summary>
    public double PeakEntityUtilisation(double seconds) => seconds <= 0 ? 0 : _entityBusy.Max() / seconds;

    /// <summary>Per replica, the share of calls its entities answered.</summary>
    public double[] ReplicaShares()
    {
        var total = Math.Max(1, _callsServedByReplica.Sum());
        return [.. _callsServedByReplica.Select(c => (double)c / total)];
    }
}
