using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

/// <summary>Shorthands for the scheduler tests.</summary>
internal static class SchedulerTestKit
{
    public const string SuperCid = "cdnnode:10.0.0.1~0123456789abcdef";

    public static PieceScheduler Create(int pieces, bool complete = true, SchedulerSettings? settings = null, int seed = 1)
    {
        var s = new PieceScheduler(settings ?? SchedulerSettings.Default, new Random(seed));
        if (pieces > 0) s.UpdateCdnCopy(pieces, complete);
        return s;
    }

    public static PieceScheduler WithClients(this PieceScheduler s, params string[] cids)
    {
        foreach (var cid in cids) s.AddClient(cid, servesPieces: true);
        return s;
    }

    /// <summary>The client got these pieces (from the supernode) and announced them: it is now a holder of each.</summary>
    public static void GiveHeld(this PieceScheduler s, string cid, params int[] pieces)
    {
        foreach (var p in pieces) Assert.True(s.ReportSuccess(cid, p, SuperCid));
    }

    public static PieceAssignment[] Pieces(this PullOutcome outcome) =>
        [.. Assert.IsType<PullOutcome.Assigned>(outcome).Pieces];

    /// <summary>Both reports dfget sends for a good piece: the 503 of the next pull and <c>/peer/piece/suc</c>.</summary>
    public static void ReportGood(this PieceScheduler s, string cid, PieceAssignment a)
    {
        var source = a.SourceCid ?? SuperCid;
        Assert.True(s.ReportResult(cid, a.PieceNum, source, PieceResult.SemiSuccess));
        Assert.True(s.ReportSuccess(cid, a.PieceNum, source));
    }

    public static ClientView View(this PieceScheduler s, string cid) => s.GetClient(cid) ?? throw new InvalidOperationException($"{cid} unknown");
}
