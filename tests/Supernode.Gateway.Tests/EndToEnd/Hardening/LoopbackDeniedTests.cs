using Supernode.Gateway.Dfget;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Hardening;

/// <summary>
/// An operator who denies loopback (<c>security.deniedNetworks: [127.0.0.0/8, ::1/128]</c>): a source named by a
/// host name is judged by the addresses it resolves to, so <c>localhost</c> is refused like <c>127.0.0.1</c>, in
/// every spelling, and the origin listening there is never reached.
/// </summary>
public sealed class LoopbackDeniedTests(LoopbackDeniedTests.LoopbackDeniedSupernode sn) : IClassFixture<LoopbackDeniedTests.LoopbackDeniedSupernode>
{
    [Theory]
    [InlineData("localhost", "host localhost resolves to a denied address")]
    [InlineData("127.0.0.1", "address 127.0.0.1 is in the denied network 127.0.0.0/8")]
    [InlineData("[::ffff:127.0.0.1]", "is in the denied network 127.0.0.0/8")]
    [InlineData("0.0.0.0", "is in the denied network 127.0.0.0/8")]
    public async Task A_host_that_reaches_a_denied_address_is_refused(string host, string reason)
    {
        var path = $"/loopback/{Guid.NewGuid():N}.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(100, seed: 5));
        var url = $"http://{host}:{sn.Origin.Port}{path}";

        var msg = Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), ResultCodes.UrlNotReachable);

        Assert.Contains(reason, msg);
        Assert.Equal(0, sn.Origin.Connections);
    }

    public sealed class LoopbackDeniedSupernode() : SupernodeFixture(home =>
    {
        var config = home.Combine("supernode.yml");
        File.WriteAllText(config, "security:\n  deniedNetworks:\n    - 127.0.0.0/8\n    - ::1/128\n");
        return ["--config", config];
    });
}
