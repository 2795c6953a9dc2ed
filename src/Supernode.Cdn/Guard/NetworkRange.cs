using System.Net;
using System.Net.Sockets;

namespace Supernode.Cdn.Guard;

/// <summary>
/// A block of addresses in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00:ec2::254/128</c>); a bare address is a block
/// of one. Addresses are compared as a socket would reach them (<see cref="Reached"/>).
/// </summary>
public sealed record NetworkRange(IPAddress Network, int PrefixLength)
{
    public static bool TryParse(string text, out NetworkRange range)
    {
        range = null!;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var network)) return false;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && !(int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix) && prefix <= bits))
            return false;
        // ::ffff:10.0.0.0/104 is the IPv4 block 10.0.0.0/8: mapped addresses are compared as IPv4.
        range = network.IsIPv4MappedToIPv6 && prefix >= 96 ? new NetworkRange(network.MapToIPv4(), prefix - 96) : new NetworkRange(network, prefix);
        return true;
    }

    /// <exception cref="FormatException">Not an address or a CIDR block.</exception>
    public static NetworkRange Parse(string text) =>
        TryParse(text.Trim(), out var range) ? range : throw new FormatException($"\"{text}\" is not an IP address or a CIDR block like 10.0.0.0/8");

    public bool Contains(IPAddress address)
    {
        var reached = Reached(address);
        if (reached.AddressFamily != Network.AddressFamily) return false;
        Span<byte> a = stackalloc byte[16], n = stackalloc byte[16];
        reached.TryWriteBytes(a, out _);
        Network.TryWriteBytes(n, out _);
        var whole = PrefixLength / 8;
        if (!a[..whole].SequenceEqual(n[..whole])) return false;
        var rest = PrefixLength % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }

    /// <summary>
    /// The host a connection to <paramref name="address"/> actually reaches: an IPv4-mapped IPv6 address
    /// (<c>::ffff:169.254.169.254</c>) reaches its IPv4 host, and the unspecified address (<c>0.0.0.0</c>, <c>::</c>)
    /// reaches the local host on Linux, so it counts as loopback.
    /// </summary>
    public static IPAddress Reached(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (plain.Equals(IPAddress.Any)) return IPAddress.Loopback;
        if (plain.Equals(IPAddress.IPv6Any)) return IPAddress.IPv6Loopback;
        return plain;
    }

    public override string ToString() => $"{Network}/{PrefixLength}";
}
