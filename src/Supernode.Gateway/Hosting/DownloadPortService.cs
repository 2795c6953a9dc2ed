using System.Net;
using System.Net.Sockets;
using Supernode.Cdn;
using Supernode.Cdn.Serving;
using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Runs the plain-HTTP download port (<see cref="DownloadPortServer"/>) with the replica: on its own socket bound to
/// <c>--download-port</c>, or on the inherited one under socket activation. With TLS on the download port Kestrel
/// serves it instead (<see cref="DownloadPortHandler"/>).
/// </summary>
public sealed class DownloadPortService(SupernodeOptions o, ByteRateLimiter uploadBudget, CdnUsage usage, ILogger<DownloadPortService> logger) : IHostedService
{
    private DownloadPortServer? _server;

    public static ConnectionLimits Limits { get; } = new(
        RequestLimits.MaxRequestLineBytes, RequestLimits.MaxHeaderBytes, RequestLimits.MaxHeaderCount, RequestLimits.KeepAlive, RequestLimits.HeadersWithin);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = SocketActivation.IsActive
            ? new Socket(new SafeSocketHandle((IntPtr)SocketActivation.DownloadPortFd, ownsHandle: true))
            : DownloadPortServer.Listen(new IPEndPoint(IPAddress.Parse(o.Base.ListenIP), o.Base.DownloadPort), SupernodeHost.ListenBacklog);
        _server = DownloadPortServer.Start(listener, o.RepoDir, Limits, uploadBudget, usage, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
