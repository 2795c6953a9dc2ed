namespace Supernode.Testing;

/// <summary>One request <see cref="LoopbackOrigin"/> answered for a path: what it asked, the status, the body bytes written.</summary>
/// <param name="Complete">The whole body of the answer was written (not reset, not cut short by the client).</param>
public sealed record OriginRequest(
    string Method, string? Range, string? IfModifiedSince, string? IfNoneMatch, int Status, long BodyBytes, bool Complete);

/// <summary>What <see cref="LoopbackOrigin"/> did for one path (a snapshot).</summary>
/// <param name="CompleteBodies">Answers whose whole body was written (a full 200 or a whole 206 range).</param>
/// <param name="BodyBytes">Body bytes written, over all answers, complete or not.</param>
public sealed record OriginPathStats(IReadOnlyList<OriginRequest> Requests, int CompleteBodies, long BodyBytes)
{
    public static readonly OriginPathStats None = new([], 0, 0);

    /// <summary>GETs that were neither conditional nor ranged, i.e. attempts to fetch the whole file.</summary>
    public int PlainGets => Requests.Count(r => r.Method == "GET" && r.Range is null && r.IfModifiedSince is null && r.IfNoneMatch is null);
}
