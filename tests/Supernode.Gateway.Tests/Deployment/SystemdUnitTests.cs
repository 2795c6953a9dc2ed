using System.Diagnostics;
using Supernode.Gateway.Configuration;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.Deployment;

/// <summary>
/// deploy/systemd: the socket unit holds the ports the service's gateway is told about, in the order the gateway
/// takes the inherited sockets (API first), and systemd itself finds nothing to object to.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "deploy", "systemd");

    [Fact]
    public void The_socket_ports_are_the_services_api_and_download_ports_in_that_order()
    {
        var ports = Values("supernode.socket", "ListenStream").Select(int.Parse).ToArray();
        var exec = Values("supernode.service", "ExecStart").Single().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("Supernode.Gateway.dll", exec[1]);
        var o = ConfigurationLoader.Load(exec[2..], new Dictionary<string, string>(), _ => null);
        Assert.Equal([o.Base.ListenPort, o.Base.DownloadPort], ports);
        Assert.Equal("/var/lib/supernode", o.Base.HomeDir);
        Assert.Equal(["supernode"], Values("supernode.service", "StateDirectory"));
        Assert.Equal(["supernode.socket"], Values("supernode.service", "Requires"));
    }

    [Fact]
    public async Task Systemd_analyze_verify_finds_nothing_to_report()
    {
        // test.sh installs it (Debian's systemd package) where it is missing.
        const string analyze = "/usr/bin/systemd-analyze";
        using var units = new TempDir("supernode-systemd");
        foreach (var unit in new[] { "supernode.socket", "supernode.service" }) File.Copy(Path.Combine(Dir, unit), units.Combine(unit));
        var start = new ProcessStartInfo(analyze, ["verify", units.Combine("supernode.socket"), units.Combine("supernode.service")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // verify exits 0 with warnings (an unknown key, a bad value): only silence is a pass.
        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, output);
    }

    private static List<string> Values(string unit, string key) =>
        File.ReadAllLines(Path.Combine(Dir, unit))
            .Where(l => l.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(l => l[(key.Length + 1)..].Trim())
            .ToList();
}
