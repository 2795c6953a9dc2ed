using System.Runtime.CompilerServices;
using Supernode.Actors.Metrics;
using Supernode.Cdn;
using Supernode.Cdn.Serving;

namespace Supernode.Gateway.Metrics;

/// <summary>
/// Every class of static collectors. Their collectors exist once the class is first used; registering them all at
/// startup puts every series name on <c>/metrics</c> from the first scrape, as Go's registration at init does.
/// </summary>
public static class MetricCatalog
{
    private static readonly Type[] Holders =
    [
        typeof(HttpMetrics), typeof(DfgetCallMetrics), typeof(DfgetMetrics), typeof(TaskMetrics), typeof(PeerMetrics), typeof(CdnMetrics), typeof(GcMetrics),
        typeof(ClusterMetrics), typeof(DownloadPortMetrics),
    ];

    public static void RegisterAll()
    {
        foreach (var holder in Holders) RuntimeHelpers.RunClassConstructor(holder.TypeHandle);
        BuildInfo.Publish();
    }
}
