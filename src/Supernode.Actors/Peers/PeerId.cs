namespace Supernode.Actors.Peers;

/// <summary>
/// A peer is a host's uploader: one per (host name, IP, uploader port), shared by every dfget on that host that
/// uses the same port. Unlike the Go supernode (a new id per registration) the id is stable, so a host is one
/// record whatever the number of downloads it runs.
/// </summary>
public static class PeerId
{
    public static string Of(string hostName, string ip, int port) =>
        $"{(string.IsNullOrEmpty(hostName) ? ip : hostName)}-{ip}-{port}";

    /// <summary>
    /// The host name, IP and port an id was made of (<see cref="Of"/>): the last two dash-separated parts are the IPv4
    /// address and the port, the rest the host name (which may hold dashes). False for anything <see cref="Of"/> cannot make.
    /// </summary>
    public static bool TryParse(string id, out string hostName, out string ip, out int port)
    {
        hostName = ip = "";
        port = 0;
        var portDash = id.LastIndexOf('-');
        if (portDash <= 0 || !int.TryParse(id.AsSpan(portDash + 1), System.Globalization.NumberStyles.None, null, out port)) return false;
        var ipDash = id.LastIndexOf('-', portDash - 1);
        if (ipDash <= 0) return false;
        ip = id[(ipDash + 1)..portDash];
        hostName = id[..ipDash];
        return System.Net.IPAddress.TryParse(ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && Of(hostName, ip, port) == id;
    }
}
