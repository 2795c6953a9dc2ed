using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Supernode.Gateway.Admin;

/// <summary>
/// Go's PeerCreateRequest (docs/protocol.md): keys matched case-insensitively, and the swagger checks: an IPv4 IP
/// (required: Go registers no peer without one), an RFC 1123 host name, a port in 15000-65000 when given.
/// </summary>
public sealed partial record PeerCreateRequest(
    [property: JsonPropertyName("IP")] string? Ip,
    [property: JsonPropertyName("hostName")] string? HostName,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("version")] string? Version)
{
    /// <summary>What breaks Go's checks, or null.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(Ip) ? "IP in body is required"
        : !IPAddress.TryParse(Ip, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || !Ipv4().IsMatch(Ip) ? $"IP in body must be of type ipv4: \"{Ip}\""
        : HostName is { Length: 0 } ? "hostName in body should be at least 1 chars long"
        : HostName is not null && !Hostname().IsMatch(HostName) ? $"hostName in body must be of type hostname: \"{HostName}\""
        : Port != 0 && Port is < 15000 or > 65000 ? $"port in body should be between 15000 and 65000: {Port}"
        : null;

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}$")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")]
    private static partial Regex Hostname();
}
