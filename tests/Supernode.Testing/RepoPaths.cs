namespace Supernode.Testing;

/// <summary>Where things are in this checkout, found from the test binaries' directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The gateway built for the same configuration as the running tests, or the one <c>SUPERNODE_GATEWAY_DLL</c> names
    /// (./bench.sh: the gateway published as the container image has it).
    /// </summary>
    public static string GatewayDll => Environment.GetEnvironmentVariable("SUPERNODE_GATEWAY_DLL") is { Length: > 0 } published
        ? File.Exists(published) ? published : throw new FileNotFoundException("SUPERNODE_GATEWAY_DLL names no file", published)
        : Built(Path.Combine("src", "Supernode.Gateway"), "Supernode.Gateway.dll");

    /// <summary>The simulated dfget runner (<c>peersim</c>), for clients in processes of their own.</summary>
    public static string PeerSimulatorDll => Built(Path.Combine("tests", "Supernode.PeerSimulator.Runner"), "peersim.dll");

    private static string Built(string project, string dll)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release" : "Debug";
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Supernode.Actors.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Supernode.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
