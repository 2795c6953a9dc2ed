using System.Collections.Immutable;
using Supernode.Actors.Cdn;

namespace Supernode.Cdn;

/// <summary>How one run of a copy ended.</summary>
/// <param name="FileLength">Length of the CDN file (wrapped pieces) on success.</param>
/// <param name="HttpFileLength">Length of the content on success; else what the source told (−1 unknown).</param>
/// <param name="SourceBytes">Body bytes this run read from the source (0 for a cache hit).</param>
/// <param name="Note">How the copy on disk was judged before fetching: cache hit, resume point, or why it was refetched.</param>
public sealed record CopyOutcome(
    bool Success,
    CdnCopyOrigin Origin,
    long FileLength,
    long HttpFileLength,
    string RealMd5,
    ImmutableArray<string> PieceMd5s,
    string Error,
    long SourceBytes,
    string Note)
{
    public static CopyOutcome Failed(string error, long httpFileLength, long sourceBytes, string note) =>
        new(false, CdnCopyOrigin.Downloaded, 0, httpFileLength, "", [], error, sourceBytes, note);
}
