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
}
