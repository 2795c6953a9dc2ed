using System.Reflection;
using System.Runtime.InteropServices;

namespace Supernode.Gateway.Hosting;

/// <summary>What this build is, for <c>supernode version</c>, <c>/version</c> and <c>dragonfly_supernode_build_info</c>.</summary>
public static class SupernodeVersion
{
    private static readonly string Informational =
        typeof(SupernodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without the source revision the SDK appends after a <c>+</c>.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The source revision (commit) the build was made from, when the SDK recorded one.</summary>
    public static string Revision { get; } = Informational.Contains('+') ? Informational.Split('+', 2)[1] : "";

    /// <summary>The processor architecture in Go's GOARCH words, which dashboards of the Go supernode show.</summary>
    public static string Arch { get; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static string Os { get; } =
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "unknown";

    /// <summary>Where Go names its compiler (<c>GoVersion</c>): the .NET runtime.</summary>
    public static string Runtime { get; } = RuntimeInformation.FrameworkDescription;

    public static string Describe() =>
        $"Supernode.Actors {Version} ({Runtime}, {RuntimeInformation.OSArchitecture})";
}
