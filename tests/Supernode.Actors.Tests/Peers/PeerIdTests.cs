using Supernode.Actors.Peers;

namespace Supernode.Actors.Tests.Peers;

public sealed class PeerIdTests
{
    [Theory]
    [InlineData("host", "127.0.0.1", 15001)]
    [InlineData("web-01.rack-2", "10.0.0.7", 65000)]
    [InlineData("", "10.0.0.7", 15000)]
    public void An_id_gives_back_what_it_was_made_of(string host, string ip, int port)
    {
        Assert.True(PeerId.TryParse(PeerId.Of(host, ip, port), out var h, out var i, out var p));
        Assert.Equal((host.Length > 0 ? host : ip, ip, port), (h, i, p));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host")]
    [InlineData("host-127.0.0.1")]
    [InlineData("host-127.0.0.1-x")]
    [InlineData("host-300.0.0.1-15001")]
    [InlineData("host-::1-15001")]
    [InlineData("-127.0.0.1-15001")]
    public void What_no_peer_id_looks_like_is_refused(string id)
    {
        Assert.False(PeerId.TryParse(id, out _, out _, out _));
    }
}
