using System.Globalization;
using Supernode.PeerSimulator;

namespace Supernode.Benchmarks;

/// <summary>
/// Where the downloads of one run spent their time, from the simulated dfget clients' own clocks: per client the
/// registration, the first piece, what followed the last piece (the whole-file md5 check, the metrics report), the
/// 602 answers and the back-off they cost, the share of its span with no piece in flight; per piece the pull that
/// assigned it, the client's own queue, the transfer, the report.
/// </summary>
public sealed record DownloadBreakdown(
    int Clients, double WallSeconds, double RegisterMs, double FirstPieceMs, double AfterLastPieceMs, double WaitsPerClient, double BackOffMsPerClient, double IdleShare,
    double PullMs, double QueuedMs, double TransferFromSupernodeMs, double TransferFromPeersMs, double ReportMs, double SupernodeShare)
{
    public static DownloadBreakdown Of(IReadOnlyList<DownloadResult> downloads)
    {
        var timed = downloads.Where(d => d.Timings.Count > 0).ToList();
        var pieces = timed.SelectMany(d => d.Timings).ToList();
        return new DownloadBreakdown(
            downloads.Count,
            downloads.Max(d => d.Duration.TotalSeconds),
            Median(downloads.Select(d => d.Registered.TotalMilliseconds)),
            Median(timed.Select(d => d.Timings.Min(t => t.FetchedMs))),
            Median(timed.Select(d => d.Duration.TotalMilliseconds - d.Timings.Max(t => t.FetchedMs))),
            downloads.Average(d => (double)d.Waits),
            downloads.Average(d => d.BackOff.TotalMilliseconds),
            timed.Count == 0 ? 0 : timed.Average(d => d.IdleShare),
            Median(pieces.Select(t => t.PullMs)),
            Median(pieces.Select(t => t.QueuedMs)),
            Median(pieces.Where(t => t.FromSupernode).Select(t => t.TransferMs)),
            Median(pieces.Where(t => !t.FromSupernode).Select(t => t.TransferMs)),
            Median(pieces.Select(t => t.ReportMs)),
            pieces.Count == 0 ? 0 : (double)pieces.Count(t => t.FromSupernode) / pieces.Count);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"wall {WallSeconds:F2} s; per client: register {RegisterMs:F0} ms, first piece {FirstPieceMs:F0} ms, after the last {AfterLastPieceMs:F0} ms, {WaitsPerClient:F1} 602s " +
        $"({BackOffMsPerClient:F0} ms asleep), idle {IdleShare:P0}; per piece (median): pull {PullMs:F1} ms, queued {QueuedMs:F1} ms, " +
        $"transfer {TransferFromSupernodeMs:F0} ms from the supernode / {TransferFromPeersMs:F0} ms from peers, report {ReportMs:F1} ms; " +
        $"{SupernodeShare:P0} of the pieces from the supernode");

    private static double Median(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? double.NaN : DataPlaneBench.Median(list);
    }
}
