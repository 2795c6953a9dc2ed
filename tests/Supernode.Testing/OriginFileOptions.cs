namespace Supernode.Testing;

/// <summary>How <see cref="LoopbackOrigin"/> serves one file. The defaults behave like a plain static file server with Range support.</summary>
public sealed record OriginFileOptions
{
    /// <summary>Sent as <c>Last-Modified</c>; a GET with an <c>If-Modified-Since</c> not older is answered 304.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Sent as <c>ETag</c> (give the quotes); a GET with a matching <c>If-None-Match</c> is answered 304.</summary>
    public string? ETag { get; init; }

    /// <summary>Answer <c>Range: bytes=…</c> with 206 and <c>Content-Range</c>; when false the header is ignored (200).</summary>
    public bool SupportsRange { get; init; } = true;

    /// <summary>Answer every request with 302 to this URL.</summary>
    public string? RedirectTo { get; init; }

    /// <summary>Answer every request with this status and no body (e.g. 404, 401, 407, 500).</summary>
    public int? ForcedStatus { get; init; }

    /// <summary>Answer 401 unless the request carries this header with exactly this value (e.g. Authorization).</summary>
    public KeyValuePair<string, string>? RequiredHeader { get; init; }

    /// <summary>Send no <c>Content-Length</c> (chunked body).</summary>
    public bool Chunked { get; init; }

    /// <summary>Announce this <c>Content-Length</c> for a full (200) answer instead of the real one.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>Abort the connection after writing this many body bytes of an answer.</summary>
    public long? ResetAfterBytes { get; init; }

    /// <summary>With <see cref="ResetAfterBytes"/>: only this many answers are cut (a flaky network), later ones are whole; null cuts all.</summary>
    public int? ResetTimes { get; init; }

    /// <summary>
    /// With <see cref="ResetAfterBytes"/>: the origin cuts the answer only once this completes (for example once the
    /// client has written what it was sent), since a reset discards whatever the client had not read yet, which on
    /// a loaded machine may be everything.
    /// </summary>
    public Func<CancellationToken, Task>? HoldResetUntil { get; init; }

    /// <summary>
    /// Abort the connection of every answer that reaches this content offset, there: a source that always breaks at
    /// the same byte, so asking again from an earlier one gains nothing past it.
    /// </summary>
    public long? BreakAtOffset { get; init; }

    /// <summary>
    /// Stop sending when an answer reaches this content offset and hold the connection open until the client
    /// leaves: a stalled source, however often it is asked.
    /// </summary>
    public long? StallAtOffset { get; init; }

    /// <summary>
    /// Answer this status to every GET except the first-byte probe (<c>Range: bytes=0-0</c>): a source that looks
    /// fine at registration and then fails the download.
    /// </summary>
    public int? BodyStatus { get; init; }

    /// <summary>Write the body at about this many bytes per second.</summary>
    public long? BytesPerSecond { get; init; }
}
