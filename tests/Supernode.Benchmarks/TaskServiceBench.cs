using System.Collections.Immutable;
using System.Diagnostics;
using Supernode.Actors.Cdn;
using Supernode.Actors.Scheduling;
using Supernode.Actors.Tasks;

namespace Supernode.Benchmarks;

/// <summary>
/// Item 1a: what a pull and a piece report cost inside the task entity, without the actor around it: the task's
/// <see cref="TaskBook"/> (state and scheduler) with K clients of a complete copy, driven on one thread as the entity
/// is. Clients take turns: a pull carrying the last result, then a report per piece handed out; a finished client is
/// replaced by a new one, so the task keeps K clients. Time and allocations per call; the entity's ceiling is 1 / time.
/// </summary>
public static class TaskServiceBench
{
    public sealed record Result(int Clients, int Pieces, long Pulls, long Reports, double PullMicros, double ReportMicros,
        double PullBytes, double ReportBytes)
    {
        /// <summary>Calls a second one entity answers when it does nothing else, half pulls and half reports.</summary>
        public double CeilingCallsPerSecond => 2e6 / (PullMicros + ReportMicros);
    }

    /// <summary>1,000 and 10,000 clients of a 256 MiB task in 4 MiB pieces, and of a 5 GiB one in 15 MiB pieces.</summary>
    public static readonly (int Clients, int Pieces)[] Sizes = [(1_000, 64), (10_000, 64), (1_000, 342), (10_000, 342)];

    public static string Describe(Result r) =>
        $"task service K={r.Clients:N0} pieces={r.Pieces}: pull {r.PullMicros:F2} µs {r.PullBytes:F0} B, report {r.ReportMicros:F2} µs {r.ReportBytes:F0} B, " +
        $"ceiling {r.CeilingCallsPerSecond:N0} calls/s";

    public static Result Run(int clients, int pieces, int pullsMeasured)
    {
        const string TaskId = "bench-task";
        var book = new TaskBook(TaskId, SchedulerSettings.Default);
        var at = DateTimeOffset.UtcNow;
        var source = new TaskSource("http://origin/file", "http://origin/file", "", "", ImmutableSortedDictionary<string, string>.Empty, false, []);
        book.Apply(new TaskEvents.TaskCreated(TaskId, source, (long)pieces * 4 * 1024 * 1024, 4 * 1024 * 1024, at));
        book.Apply(new TaskEvents.CdnCopyStarted("copy", new CdnLocation("akka.tcp://supernode@127.0.0.1:1", "127.0.0.1", 8001), 0, at));
        book.Apply(new TaskEvents.CdnCopySucceeded("copy", (long)pieces * 4 * 1024 * 1024, (long)pieces * 4 * 1024 * 1024, new string('0', 32),
            [.. Enumerable.Range(0, pieces).Select(p => $"{p:x32}:4194309")], at));
        var next = 0;
        string Register()
        {
            var cid = $"10.{next >> 16 & 255}.{next >> 8 & 255}.{next & 255}-{1000 + next % 30000}-1700000000.000";
            next++;
            book.Apply(new TaskEvents.ClientRegistered(
                new TaskClient(cid, cid, "10.0.0.1", "host", 15000, "/peer/file", "1.0.6", "p2p", "127.0.0.1", "", ""), at));
            return cid;
        }
        var loop = new ClientLoop[clients];
        for (var i = 0; i < clients; i++) loop[i] = new ClientLoop(Register());

        long pulls = 0, reports = 0, pullTicks = 0, reportTicks = 0, pullBytes = 0, reportBytes = 0;
        var warmUp = pullsMeasured / 4;
        for (var round = 0; pulls < pullsMeasured + warmUp; round++)
        {
            var c = loop[round % clients];
            var measured = pulls >= warmUp;
            var pull = new TaskCommands.PullPieceTask(TaskId, c.Cid, c.LastSource, c.LastPiece < 0 ? PullStatus.Started : PullStatus.Running,
                c.LastPiece, c.LastPiece < 0 ? null : PieceResult.Success);
            var (bytes, ticks) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
            var reply = book.Scheduling.Pull(book.State, pull, Environment.TickCount64, DateTimeOffset.UtcNow, out _);
            if (measured)
            {
                pullTicks += Stopwatch.GetTimestamp() - ticks;
                pullBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
            pulls++;
            switch (reply)
            {
                case TaskReplies.PiecesAssigned a:
                    foreach (var p in a.Pieces)
                    {
                        var report = new TaskCommands.ReportPieceSuccess(TaskId, c.Cid, p.Cid, p.PieceNum);
                        (bytes, ticks) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
                        book.Scheduling.ReportSuccess(book.State, report);
                        if (measured)
                        {
                            reportTicks += Stopwatch.GetTimestamp() - ticks;
                            reportBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
                            reports++;
                        }
                        (c.LastSource, c.LastPiece) = (p.Cid, p.PieceNum);
                    }
                    break;
                case TaskReplies.PeerFinished:
                    book.Apply(new TaskEvents.ClientRemoved(c.Cid, at));
                    loop[round % clients] = new ClientLoop(Register());
                    break;
            }
        }
        var measuredPulls = pulls - warmUp;
        return new Result(clients, pieces, measuredPulls, reports,
            Micros(pullTicks) / measuredPulls, Micros(reportTicks) / Math.Max(1, reports),
            (double)pullBytes / measuredPulls, (double)reportBytes / Math.Max(1, reports));
    }

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private sealed class ClientLoop(string cid)
    {
        public string Cid { get; } = cid;
        public string LastSource { get; set; } = "";
        public int LastPiece { get; set; } = -1;
    }
}
