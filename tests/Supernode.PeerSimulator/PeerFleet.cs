using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Supernode.PeerSimulator;

/// <summary>N simulated peers started together, downloading concurrently, with their results aggregated.</summary>
public sealed class PeerFleet : IAsyncDisposable
{
    private PeerFleet(IReadOnlyList<SimulatedPeer> peers) => Peers = peers;

    public IReadOnlyList<SimulatedPeer> Peers { get; }

    /// <summary>Starts <paramref name="count"/> peers concurrently; <paramref name="options"/> gets each peer's index.</summary>
    public static async Task<PeerFleet> StartAsync(int count, Func<int, PeerOptions> options, CancellationToken ct = default)
    {
        var starts = Enumerable.Range(0, count).Select(i => SimulatedPeer.StartAsync(options(i), ct)).ToArray();
        try
        {
            return new PeerFleet(await Task.WhenAll(starts));
        }
        catch
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully)) await started.Result.VanishAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs every peer's download at once and waits for all. Uploaders keep serving afterwards, so the served
    /// counters are taken when the last download has ended.
    /// </summary>
    public async Task<FleetResult> DownloadAllAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Peers.Select(p => p.DownloadAsync(ct)));
        var outcomes = Peers.Select((p, i) => new PeerOutcome(i, results[i], p.ServedPieces, p.ServedBytes)).ToList();
        return new FleetResult(outcomes, clock.Elapsed);
    }

    /// <summary>Stops every peer gracefully (own uploaders announce <c>/peer/service/down</c>).</summary>
    public async ValueTask DisposeAsync() => await Task.WhenAll(Peers.Select(p => p.StopAsync()));
}

/// <summary>One peer of a fleet: its download and what its uploader had served when the fleet's downloads ended.</summary>
public sealed record PeerOutcome(int Index, DownloadResult Download, int PiecesServed, long BytesServed);

/// <summary>All outcomes of a fleet run, with totals.</summary>
public sealed record FleetResult(IReadOnlyList<PeerOutcome> Peers, TimeSpan Elapsed)
{
    public int Succeeded => Peers.Count(p => p.Download.Success);
    public int Failed => Peers.Count - Succeeded;
    public long BytesFromSupernode => Peers.Sum(p => p.Download.BytesFromSupernode);
    public long BytesFromPeers => Peers.Sum(p => p.Download.BytesFromPeers);
    public int PiecesServed => Peers.Sum(p => p.PiecesServed);

    /// <summary>This fleet's outcomes and another's, as one fleet that ran for the longer time.</summary>
    public FleetResult With(FleetResult other) =>
        new([.. Peers, .. other.Peers.Select((p, i) => p with { Index = Peers.Count + i })], Elapsed > other.Elapsed ? Elapsed : other.Elapsed);

    /// <summary>The longest call any peer made to the supernode API.</summary>
    public TimeSpan SlowestCall => Peers.Count == 0 ? TimeSpan.Zero : Peers.Max(p => p.Download.SlowestCall);

    /// <summary>A fixed-width table, one line per peer, then the totals.</summary>
    public string FormatSummary()
    {
        var sb = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.AppendLine(ic, $"{"#",3} {"result",-6} {"secs",8} {"from supernode",16} {"from peers",16} {"pieces sn/peer",14} {"served",7} {"602s",5} {"migr",4} {"errs",4} {"slowest call",22}  cid / reason");
        foreach (var p in Peers)
        {
            var d = p.Download;
            sb.AppendLine(ic, $"{p.Index,3} {(d.Success ? "ok" : "FAILED"),-6} {d.Duration.TotalSeconds,8:0.000} {d.BytesFromSupernode,16:N0} {d.BytesFromPeers,16:N0} {$"{d.PiecesFromSupernode}/{d.PiecesFromPeers}",14} {p.PiecesServed,7} {d.Waits,5} {d.Migrations,4} {d.PieceErrorsReported,4} {$"{d.SlowestCall.TotalMilliseconds:0} ms {d.SlowestCallWas}",22}  {d.Cid}{(d.Reason is null ? "" : "  " + d.Reason)}");
        }
        sb.AppendLine(ic, $"total: {Succeeded} ok, {Failed} failed in {Elapsed.TotalSeconds:0.000}s; {BytesFromSupernode:N0} bytes from the supernode, {BytesFromPeers:N0} from peers; {PiecesServed} pieces served by peers; slowest call {SlowestCall.TotalMilliseconds:0} ms");
        return sb.ToString();
    }
}
