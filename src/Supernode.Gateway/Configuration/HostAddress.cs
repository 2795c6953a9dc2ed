using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Supernode.Gateway.Configuration;

/// <summary>Facts about the host's network addresses that default settings depend on.</summary>
internal static class HostAddress
{
    /// <summary>
    /// The address the Go supernode advertises when none is configured: the first non-loopback IPv4 address of
    /// an interface that is up; 127.0.0.1 when there is none, so a laptop without network still starts.
    /// </summary>
    public static string FirstNonLoopbackIPv4()
    {
        try
        {
            var address = NetworkInterface.GetAllNetworkInterfaces()
                .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Select(unicast => unicast.Address)
                .FirstOrDefault(ip => ip.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(ip));
            return address?.ToString() ?? IPAddress.Loopback.ToString();
        }
        catch (NetworkInformationException)
        {
            return IPAddress.Loopback.ToString();
        }
    }

    /// <summary>
    /// Strict dotted-quad IPv4 (<c>192.168.1.1</c>), unlike <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>,
    /// which also takes <c>1.2.3</c> or <c>010.1.1.1</c>; peers must be able to reach the address as written.
    /// </summary>
    public static bool IsIPv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(part =>
            part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0') &&
            int.Parse(part) <= 255);
    }
}
