using System.Net.Sockets;

namespace Supernode.Cdn.Serving;

/// <summary>
/// Sends buffers and file ranges on one socket as one operation (<see cref="Socket.SendPacketsAsync"/>, which on
/// Linux sends a file range with sendfile(2)), awaitable and bounded in time: a send that overruns its allowance or
/// meets <c>aborted</c> closes the socket, which ends the send with an error.
/// </summary>
internal sealed class PacketSender : IDisposable
{
    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _args = new();
    private TaskCompletionSource<SocketError>? _done;

    public PacketSender(Socket socket)
    {
        _socket = socket;
        _args.Completed += (_, e) => _done!.TrySetResult(e.SocketError);
    }

    public async Task SendAsync(SendPacketsElement[] elements, long bytes, CancellationToken aborted)
    {
        _args.SendPacketsElements = elements;
        var done = _done = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_socket.SendPacketsAsync(_args)) done.TrySetResult(_args.SocketError);
        if (!done.Task.IsCompleted)
        {
            using var overrun = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            overrun.CancelAfter(ConnectionLimits.SendWithin(bytes));
            await using var close = overrun.Token.Register(_socket.Dispose);
            await done.Task;
        }
        var error = done.Task.Result;
        _args.SendPacketsElements = null;
        if (error != SocketError.Success) throw new SocketException((int)error);
    }

    public void Dispose() => _args.Dispose();
}
