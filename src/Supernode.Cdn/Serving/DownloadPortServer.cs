using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Supernode.Cdn.Serving;

/// <summary>
/// The download port over plain HTTP/1.1 on a socket of its own: nginx's job in the Go supernode, done the way nginx
/// does it. Kestrel copies every byte of a file answer through user space; here the kernel sends the file range
/// (sendfile(2)), which is what a port answering 4 MiB pieces to a fleet spends its time on. What is answered is
/// <see cref="FileAnswer"/>'s, as on the TLS port (<see cref="DownloadPortHandler"/>).
/// </summary>
public sealed class DownloadPortServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly ConcurrentDictionary<DownloadConnection, byte> _open = new();
    private readonly Task _accepting;

    private DownloadPortServer(Socket listener, string repoDir, ConnectionLimits limits, ByteRateLimiter? uploadBudget, CdnUsage? usage, ILogger logger)
    {
        _listener = listener;
        _logger = logger;
        RepoDir = Path.GetFullPath(repoDir);
        Limits = limits;
        UploadBudget = uploadBudget ?? ByteRateLimiter.Unlimited;
        Usage = usage;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Serves the CDN files of <paramref name="repoDir"/> on <paramref name="listener"/>, a listening socket.</summary>
    /// <param name="uploadBudget">Bytes per second all answers of the port may send together; null for no limit.</param>
    /// <param name="usage">Where each serving is recorded (the disk GC spares copies served lately).</param>
    public static DownloadPortServer Start(Socket listener, string repoDir, ConnectionLimits limits, ByteRateLimiter? uploadBudget, CdnUsage? usage, ILogger logger) =>
        new(listener, repoDir, limits, uploadBudget, usage, logger);

    /// <summary>A socket bound to <paramref name="endpoint"/> and listening; an address in use fails as Kestrel's would.</summary>
    public static Socket Listen(IPEndPoint endpoint, int backlog)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endpoint);
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"Failed to bind to address http://{endpoint}: {e.Message}", e);
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string RepoDir { get; }

    public ConnectionLimits Limits { get; }

    public ByteRateLimiter UploadBudget { get; }

    public CdnUsage? Usage { get; }

    /// <summary>Cancelled when the port stops: idle connections close, answers in progress finish.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Cancelled when the port's time to stop has run out: every connection closes now.</summary>
    internal CancellationToken Aborted => _aborted.Token;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or memory for a moment: the client's connection waits in the backlog meanwhile.
                _logger.LogWarning("The download port could not accept a connection: {Error}", e.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(100));
                continue;
            }
            socket.NoDelay = true;
            var connection = new DownloadConnection(socket, this);
            _open[connection] = 0;
            DownloadPortMetrics.Connections.Inc();
            _ = RunAsync(connection);
        }
    }

    private async Task RunAsync(DownloadConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _open.TryRemove(connection, out _);
            DownloadPortMetrics.Connections.Dec();
        }
    }

    /// <summary>
    /// Stops accepting, closes idle connections and lets answers in progress finish until <paramref name="ct"/>,
    /// then closes what is left.
    /// </summary>
    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        try
        {
            while (!_open.IsEmpty) await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
        catch (OperationCanceledException)
        {
            await _aborted.CancelAsync();
            foreach (var connection in _open.Keys) connection.Socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await StopAsync(new CancellationToken(canceled: true));
        _stopping.Dispose();
        _aborted.Dispose();
    }
}
