using Supernode.Actors.Cdn;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>Ids as the scheduler sees them from real clients, so their strings weigh what real ones weigh.</summary>
public static class DfgetIds
{
    /// <summary>The supernode's cid in a report of a piece fetched from its copy.</summary>
    public const string SuperCid = CdnLocation.SuperCidPrefix + "10.0.0.1~5c0e3d0c";

    /// <summary>Client <paramref name="i"/>'s cid, in dfget's shape <c>&lt;ip&gt;-&lt;pid&gt;-&lt;unix seconds.ms&gt;</c>.</summary>
    public static string Cid(int i) => $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}-{1000 + i % 30000}-1700000000.000";
}
