namespace Supernode.PeerSimulator;

/// <summary>What one simulated dfget run did, as seen by the client.</summary>
public sealed record DownloadResult
{
    public required bool Success { get; init; }

    /// <summary>Why it failed; null on success.</summary>
    public string? Reason { get; init; }

    /// <summary>dfget's back-source reason as sent in the metrics (0 on success; 1000 + reason since --notbs forbids the fallback).</summary>
    public int BackSourceReason { get; init; }

    /// <summary>The failing registration's code (body code, or -100 for a transport error / non-200 HTTP status); null if registration succeeded.</summary>
    public int? RegisterCode { get; init; }

    public required string Cid { get; init; }

    /// <summary>The taskId of the first successful registration.</summary>
    public string? TaskId { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>The <c>fileLength</c> answered at registration (−1 when the supernode did not know it).</summary>
    public long FileLength { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Piece data bytes (wrapper excluded) received from the supernode (source cid <c>cdnnode:…</c>).</summary>
    public long BytesFromSupernode { get; init; }

    /// <summary>Piece data bytes (wrapper excluded) received from other peers' uploaders.</summary>
    public long BytesFromPeers { get; init; }

    /// <summary>Number of 602 (wait) answers to <c>/peer/task</c>.</summary>
    public int Waits { get; init; }

    /// <summary>Number of re-registrations after a bad <c>/peer/task</c> answer, including a failed last one.</summary>
    public int Migrations { get; init; }

    /// <summary>Piece downloads that failed (bad status, md5 mismatch, timeout, unreachable peer).</summary>
    public int PieceFailures { get; init; }

    /// <summary>Number of <c>/peer/piece/error</c> reports sent.</summary>
    public int PieceErrorsReported { get; init; }

    /// <summary>Calls to the supernode API (registration, pulls, reports, metrics), failed ones included.</summary>
    public int Calls { get; init; }

    /// <summary>The longest of those calls, from sending to the answer (or to giving up after dfget's 5 s).</summary>
    public TimeSpan SlowestCall { get; init; }

    /// <summary>Which call was the slowest: its route and status, "failed" or "timed out".</summary>
    public string SlowestCallWas { get; init; } = "";

    /// <summary>From the start to the first registration's answer.</summary>
    public TimeSpan Registered { get; init; }

    /// <summary>Time spent asleep in 602 back-offs (cut short by piece reports, as dfget's are).</summary>
    public TimeSpan BackOff { get; init; }

    /// <summary>Where each piece's time went, in report order (dfget clients).</summary>
    public IReadOnlyList<PieceTiming> Timings { get; init; } = [];

    /// <summary>Every piece received, in arrival order.</summary>
    public IReadOnlyList<ReceivedPiece> Pieces { get; init; } = [];

    /// <summary>Every piece download that failed, in order: which piece, from which source, why.</summary>
    public IReadOnlyList<FailedPiece> FailedPieces { get; init; } = [];

    /// <summary>
    /// The share of the span from the registration's answer to the last piece in which no piece was being
    /// transferred: time spent pulling, waiting out 602s, or in the client's own queue. 0 without timings.
    /// </summary>
    public double IdleShare
    {
        get
        {
            if (Timings.Count == 0) return 0;
            var start = Registered.TotalMilliseconds;
            var end = Timings.Max(t => t.FetchedMs);
            if (end <= start) return 0;
            var busy = 0.0;
            var covered = start;
            foreach (var t in Timings.OrderBy(t => t.FetchStartedMs))
            {
                var from = Math.Max(covered, t.FetchStartedMs);
                if (t.FetchedMs > from) busy += t.FetchedMs - from;
                covered = Math.Max(covered, t.FetchedMs);
            }
            return 1 - busy / (end - start);
        }
    }

    public int PiecesFromSupernode => Pieces.Count(p => p.FromSupernode);

    public int PiecesFromPeers => Pieces.Count(p => !p.FromSupernode);
}

/// <summary>One piece received: its number, wrapped range, the cid it came from and its data length.</summary>
public sealed record ReceivedPiece(int PieceNum, string Range, string SourceCid, long Bytes)
{
    public bool FromSupernode => SourceCid.StartsWith("cdnnode:", StringComparison.Ordinal);
}

/// <summary>One failed piece download: its number, the cid it was fetched from and why it failed.</summary>
public sealed record FailedPiece(int PieceNum, string SourceCid, string Reason);
