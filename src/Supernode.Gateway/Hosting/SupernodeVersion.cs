using System.Reflection;
using System.Runtime.InteropServices;

namespace Supernode.Gateway.Hosting;

/// <summary>What this build is, for <c>supernode version</c> and <c>/version</c>.</summary>
public static class SupernodeVersion
{
    public static string Version { get; } =
        typeof(SupernodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Describe() =>
        $"Supernode.Actors {Version} ({RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSArchitecture})";
}
