using Prometheus;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Metrics;

/// <summary><c>dragonfly_supernode_build_info</c>: 1, labelled with what <c>/version</c> says (<c>goversion</c> names the .NET runtime).</summary>
public static class BuildInfo
{
    private static readonly Gauge Info = Prometheus.Metrics.CreateGauge(
        "dragonfly_supernode_build_info", "The build of this replica.", "version", "revision", "os", "arch", "goversion");

    public static void Publish() => Info
        .WithLabels(SupernodeVersion.Version, SupernodeVersion.Revision, SupernodeVersion.Os, SupernodeVersion.Arch, SupernodeVersion.Runtime)
        .Set(1);
}
