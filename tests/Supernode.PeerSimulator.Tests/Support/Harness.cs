using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests.Support;

/// <summary>A scripted supernode running a <see cref="MiniSupernode"/>, and peer options suited to tests.</summary>
internal static class Harness
{
    public const string Url = "http://127.0.0.1:18080/file.bin";

    public static async Task<ScriptedSupernode> StartAsync(MiniSupernode mini)
    {
        var server = await ScriptedSupernode.StartAsync(mini.Handle);
        mini.DownloadPort = server.Port;
        server.CdnFile = mini.WrappedFile;
        return server;
    }

    public static PeerOptions Options(TempDir dir, params ScriptedSupernode[] nodes) => new()
    {
        Supernodes = nodes.Select(n => n.Node).ToList(),
        Url = Url,
        OutputDirectory = dir.Path,
        OutputFileName = "out.bin",
        HostName = "sim-host",
        LocalLimit = 0,
        Seed = 42,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Waits up to 5 s for a condition that other tasks make true.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), what);
    }
}
