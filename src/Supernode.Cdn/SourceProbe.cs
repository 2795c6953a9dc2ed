using Supernode.Actors.Cdn;

namespace Supernode.Cdn;

/// <summary>What one look at the source found: an outcome, the content length (−1 unknown), the HTTP status (0 if none).</summary>
public readonly record struct SourceProbe(SourceProbeOutcome Outcome, long ContentLength, int StatusCode, string Detail);
