using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The ports every test server is told before it starts. A replica in a cluster test once failed to bind its
/// remoting port: the port had come from the kernel's ephemeral range, and an outgoing connection took it first.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_come_from_below_the_range_outgoing_connections_use_and_are_never_given_twice()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.Next()).ToList();
        Assert.All(ports, p => Assert.InRange(p, 1024, ephemeralLow - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
