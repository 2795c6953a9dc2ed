namespace Supernode.ScaleSimulator.Fleet;

/// <summary>
/// dfget's sleep after a 602: random in [50, 100) ms, doubling after each sleep up to [800, 1600), never reset
/// (dfget keeps its timeouts for the whole download). A finished piece cuts a sleep short; the caller does that.
/// </summary>
internal sealed class Backoff
{
    private const int Ceiling = 800;
    private int _minMs = 50;
    private int _maxMs = 100;

    /// <summary>The next sleep, in seconds.</summary>
    public double Next(Random random)
    {
        var ms = random.Next(_minMs, _maxMs);
        if (_minMs < Ceiling)
        {
            _minMs *= 2;
            _maxMs *= 2;
        }
        return ms / 1000.0;
    }
}
