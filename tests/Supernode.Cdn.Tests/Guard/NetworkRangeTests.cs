using System.Net;
using Supernode.Cdn.Guard;

namespace Supernode.Cdn.Tests.Guard;

/// <summary>CIDR matching as a socket reaches addresses: prefixes on and off byte boundaries, IPv6, IPv4-mapped IPv6.</summary>
public sealed class NetworkRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("127.0.0.2/32", "127.0.0.2", true)]
    [InlineData("127.0.0.2/32", "127.0.0.1", false)]
    [InlineData("127.0.0.2", "127.0.0.2", true)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("fe80::/10", "febf:ffff::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("169.254.0.0/16", "::ffff:169.254.169.254", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.1.2.3", true)]
    [InlineData("::ffff:10.0.0.0/104", "::ffff:10.1.2.3", true)]
    [InlineData("127.0.0.0/8", "0.0.0.0", true)]
    [InlineData("::1/128", "::", true)]
    [InlineData("127.0.0.0/8", "::ffff:0.0.0.0", true)]
    public void Contains_the_addresses_of_its_block(string cidr, string address, bool expected) =>
        Assert.Equal(expected, NetworkRange.Parse(cidr).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0/8x")]
    [InlineData("fe80::/129")]
    [InlineData("example.com/8")]
    [InlineData("")]
    public void Refuses_what_is_not_an_address_or_a_block(string text)
    {
        Assert.False(NetworkRange.TryParse(text, out _));
        Assert.Contains("CIDR", Assert.Throws<FormatException>(() => NetworkRange.Parse(text)).Message);
    }
}
