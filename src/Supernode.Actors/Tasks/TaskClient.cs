namespace Supernode.Actors.Tasks;

/// <summary>
/// One dfget download of a task (the Go supernode's "dfget task"): who the client is and where its uploader
/// serves the pieces it already has.
/// </summary>
public sealed record TaskClient(
    string Cid,
    string PeerId,
    string Ip,
    string HostName,
    int Port,
    string Path,
    string Version,
    string Pattern,
    string SuperNodeIp,
    string CallSystem,
    string Dfdaemon)
{
    /// <summary>A cdn-pattern client, or one without an uploader (port 0), never serves pieces to others.</summary>
    public bool ServesPieces => Pattern != "cdn" && Port != 0;
}
