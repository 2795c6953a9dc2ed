namespace Supernode.Gateway.Hosting;

/// <summary>
/// systemd socket activation (<c>LISTEN_PID</c>/<c>LISTEN_FDS</c>): the API and download sockets are inherited
/// (fd 3 and 4, bound to <c>--port</c> and <c>--download-port</c>) instead of bound here. The service manager
/// keeps them open while the supernode restarts, so a dfget pulling in that moment waits in the listen backlog
/// for the new process rather than being refused and giving up on the supernode.
/// </summary>
public static class SocketActivation
{
    /// <summary>The inherited API socket (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const ulong ApiPortFd = 3;

    /// <summary>The inherited download socket.</summary>
    public const ulong DownloadPortFd = 4;

    public static bool IsActive =>
        Environment.GetEnvironmentVariable("LISTEN_PID") == Environment.ProcessId.ToString()
        && int.TryParse(Environment.GetEnvironmentVariable("LISTEN_FDS"), out var fds) && fds > 0;
}
