using System.Text.RegularExpressions;
using Supernode.Gateway.Hosting;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// What an operator sees of a start and a stop: the banner first, then only lines of the supernode's own (Akka's
/// internals at warning level unless --debug), all in one format from the first line to the last.
/// </summary>
public sealed partial class StartupOutputTests : IDisposable
{
    private readonly TempDir _dir = new("supernode-startup-output");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_single_node_starts_with_the_banner_and_says_nothing_of_akkas_internals_from_start_to_exit()
    {
        await using var sn = new SupernodeProcess(_dir.Combine("home"));
        await sn.StartAsync();
        await sn.StopAsync();
        var lines = sn.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Matches(Banner(), lines[0]);
        Assert.Contains($"Supernode {SupernodeVersion.Version} starting: API http://127.0.0.1:{sn.ApiPort}, downloads http://127.0.0.1:{sn.DownloadPort}, " +
                        $"advertised as 127.0.0.1, home {sn.HomeDir}, database SQLite {Path.Combine(sn.HomeDir, "supernode.db")}, config none, single node",
            lines[0]);
        Assert.All(lines, l => Assert.Matches(LogLine(), l));
        Assert.DoesNotContain(lines, l => l.Contains(" WRN ", StringComparison.Ordinal) || l.Contains(" ERR ", StringComparison.Ordinal));
        foreach (var chatter in new[] { "Remoting", "seed-nodes", "JOINING", "Singleton", "dead letters", "Cluster Node", "passivated" })
            Assert.DoesNotContain(lines, l => l.Contains(chatter, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Ready to take requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_debug_the_cluster_tells_its_story()
    {
        await using var sn = new SupernodeProcess(_dir.Combine("home"), "--debug");
        await sn.StartAsync();
        Assert.Contains("is JOINING itself", sn.Output);
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} INF Supernode \S+ starting: ")]
    private static partial Regex Banner();

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} (DBG|INF|WRN|ERR|FTL) ")]
    private static partial Regex LogLine();
}
