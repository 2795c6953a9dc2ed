namespace Supernode.Actors.Cdn;

/// <summary>
/// The replica that holds a task's CDN copy: its cluster address (to reach its CDN manager) and the address
/// clients use for its download port.
/// </summary>
/// <param name="NodeAddress">Akka address of the replica, e.g. <c>akka.tcp://supernode@10.0.0.5:4053</c>.</param>
/// <param name="AdvertiseIp">IP dfget clients reach the replica's download port on.</param>
/// <param name="DownloadPort">The replica's download port.</param>
/// <param name="RepoId">
/// The identity of the repo dir the copy is in: the same disk whatever addresses its replica has this start. Empty in
/// events written before it was recorded.
/// </param>
public sealed record CdnLocation(string NodeAddress, string AdvertiseIp, int DownloadPort, string RepoId = "")
{
    /// <summary>The supernode's client id for a task, as dfget sees it in piece answers.</summary>
    public string SuperCid(string taskId) => $"{SuperCidPrefix}{AdvertiseIp}~{taskId}";

    public const string SuperCidPrefix = "cdnnode:";

    public static bool IsSuperCid(string? cid) => cid is not null && cid.StartsWith(SuperCidPrefix, StringComparison.Ordinal);

    /// <summary>The download-port path of a task's CDN file, relative to the repo directory.</summary>
    public static string DownloadPath(string taskId) => $"/download/{taskId[..3]}/{taskId}";
}
