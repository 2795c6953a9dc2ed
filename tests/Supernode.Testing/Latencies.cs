namespace Supernode.Testing;

/// <summary>Call latencies of a run, in milliseconds, collected from many tasks at once.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _ms.Count; }
    }

    public void Add(double ms)
    {
        lock (_lock) _ms.Add(ms);
    }

    /// <summary>The <paramref name="p"/>-th percentile (nearest rank).</summary>
    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_ms.Count == 0) return double.NaN;
            _ms.Sort();
            return _ms[Math.Clamp((int)Math.Ceiling(p / 100 * _ms.Count) - 1, 0, _ms.Count - 1)];
        }
    }
}
