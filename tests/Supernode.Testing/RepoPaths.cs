namespace Supernode.Testing;

/// <summary>Where things are in this checkout, found from the test binaries' directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The gateway built for the same configuration as the running tests.</summary>
    public static string GatewayDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
                ? "Release" : "Debug";
            var dll = Path.Combine(Root, "src", "Supernode.Gateway", "bin", configuration, "net10.0", "Supernode.Gateway.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build the gateway first", dll);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Supernode.Actors.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Supernode.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
