namespace Supernode.ScaleSimulator.Network;

/// <summary>
/// Transfers sharing the capacities of their two ends. Each node splits its upload capacity equally among its
/// uploads and its download capacity equally among its downloads; a transfer runs at the smaller of its
/// sender's and its receiver's share (min of equal shares). Unlike max-min fairness, a share one transfer
/// cannot use is not handed to the others of that node, so the model errs on the slow side when one end is
/// much more loaded than the other. Rates are recomputed for the transfers of both ends whenever a transfer
/// starts or ends; a transfer whose rate did not change keeps its completion event.
/// </summary>
public sealed class FairShareNetwork
{
    private readonly double[] _up;
    private readonly double[] _down;
    private readonly IdList[] _uploads;
    private readonly IdList[] _downloads;
    private readonly Stack<int> _free = new();
    private readonly Action<int, int, double> _completionAt;
    private Transfer[] _transfers = new Transfer[256];
    private int _slotsUsed;

    /// <param name="completionAt">
    /// Called with (transfer, version, time) whenever a transfer's expected end changes: the caller schedules
    /// it and checks <see cref="IsCurrent"/> when it comes.
    /// </param>
    public FairShareNetwork(int nodes, Action<int, int, double> completionAt)
    {
        _up = new double[nodes];
        _down = new double[nodes];
        _uploads = new IdList[nodes];
        _downloads = new IdList[nodes];
        for (var i = 0; i < nodes; i++)
        {
            _uploads[i] = new IdList();
            _downloads[i] = new IdList();
        }
        _completionAt = completionAt;
    }

    /// <summary>Transfers on the wire now.</summary>
    public int Active => _slotsUsed - _free.Count;

    /// <param name="up">Upload capacity, bytes per second.</param>
    /// <param name="down">Download capacity, bytes per second.</param>
    public void SetCapacity(int node, double up, double down)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(up);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(down);
        _up[node] = up;
        _down[node] = down;
    }

    public int Uploads(int node) => _uploads[node].Count;

    public int Downloads(int node) => _downloads[node].Count;

    public double RateOf(int transfer) => _transfers[transfer].Rate;

    /// <summary>Puts <paramref name="bytes"/> on the wire; returns the transfer's id.</summary>
    public int Start(double now, int sender, int receiver, double bytes, int tag)
    {
        if (sender == receiver) throw new ArgumentException("a node does not send to itself", nameof(receiver));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (!_free.TryPop(out var id))
        {
            id = _slotsUsed++;
            if (id == _transfers.Length) Array.Resize(ref _transfers, id * 2);
        }
        ref var t = ref _transfers[id];
        (t.Sender, t.Receiver, t.Tag, t.Remaining, t.Rate, t.Since) = (sender, receiver, tag, bytes, 0, now);
        _uploads[sender].Add(id);
        _downloads[receiver].Add(id);
        Reshare(sender, receiver, now);
        return id;
    }

    /// <summary>The completion event (transfer, version) is the transfer's latest one.</summary>
    public bool IsCurrent(int transfer, int version) => _transfers[transfer].Version == version;

    /// <summary>Takes a transfer off the wire at its completion; returns what it was.</summary>
    public Transfer Complete(int transfer, double now)
    {
        var t = _transfers[transfer];
        _transfers[transfer].Rate = 0;
        _transfers[transfer].Version++;
        _uploads[t.Sender].Remove(transfer);
        _downloads[t.Receiver].Remove(transfer);
        _free.Push(transfer);
        Reshare(t.Sender, t.Receiver, now);
        return t;
    }

    private void Reshare(int sender, int receiver, double now)
    {
        var uploads = _uploads[sender];
        for (var i = 0; i < uploads.Count; i++) Rerate(uploads[i], now);
        var downloads = _downloads[receiver];
        for (var i = 0; i < downloads.Count; i++) Rerate(downloads[i], now);
    }

    private void Rerate(int id, double now)
    {
        ref var t = ref _transfers[id];
        var rate = Math.Min(_up[t.Sender] / _uploads[t.Sender].Count, _down[t.Receiver] / _downloads[t.Receiver].Count);
        if (rate == t.Rate) return;
        t.Remaining = Math.Max(0, t.Remaining - t.Rate * (now - t.Since));
        t.Since = now;
        t.Rate = rate;
        t.Version++;
        _completionAt(id, t.Version, now + t.Remaining / rate);
    }
}
