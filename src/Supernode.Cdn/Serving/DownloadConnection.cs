using System.Buffers;
using System.Net.Sockets;

namespace Supernode.Cdn.Serving;

/// <summary>
/// One connection of the plain-HTTP download port: its requests read one after another (pipelined ones too), each
/// answered from <see cref="FileAnswer"/>, the file's bytes handed to the kernel (sendfile(2)) rather than copied
/// through user space. An idle connection holds no buffer, so thousands of hosts may each keep one between pulls.
/// </summary>
internal sealed class DownloadConnection(Socket socket, DownloadPortServer server)
{
    private const int FirstBufferBytes = 4096;

    /// <summary>What a throttled answer sends before charging the budget, as the copying path does.</summary>
    private const int ThrottledChunk = 64 * 1024;

    /// <summary>The most one sendfile element carries (its count is an int).</summary>
    private const int LargestChunk = 1 << 30;

    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(1);

    private PacketSender? _sender;
    private byte[]? _buffer;
    private int _start;
    private int _end;

    public Socket Socket => socket;

    public async Task RunAsync()
    {
        try
        {
            while (_start < _end || await WaitForRequestAsync())
            {
                var (outcome, head) = await ReadHeadAsync();
                if (outcome == RequestHead.Outcome.Incomplete) return;
                if (outcome != RequestHead.Outcome.Complete)
                {
                    await RefuseAsync(StatusOf(outcome));
                    return;
                }
                _start += head!.Length;
                var keepAlive = head.KeepAlive && !head.HasBody && !server.Stopping.IsCancellationRequested;
                await AnswerAsync(head, keepAlive);
                if (!keepAlive)
                {
                    await CloseAsync();
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, was too slow, or the port is stopping: nothing more to answer.
        }
        finally
        {
            socket.Dispose();
            _sender?.Dispose();
            ReturnBuffer();
        }
    }

    /// <summary>Waits, holding no buffer, for the next request's first bytes; false when closed, idle too long or stopping.</summary>
    private async Task<bool> WaitForRequestAsync()
    {
        ReturnBuffer();
        using (var idle = Within(server.Limits.KeepAlive, server.Stopping))
        {
            try
            {
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, idle.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        _buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        _start = _end = 0;
        return await ReceiveAsync(server.Aborted) > 0;
    }

    /// <summary>Reads until a whole head is buffered or refused; 408 when it takes longer than allowed.</summary>
    private async Task<(RequestHead.Outcome, RequestHead?)> ReadHeadAsync()
    {
        using var headers = Within(server.Limits.HeadersWithin, server.Aborted);
        while (true)
        {
            var outcome = RequestHead.TryRead(_buffer.AsSpan(_start, _end - _start), server.Limits, out var head);
            if (outcome != RequestHead.Outcome.Incomplete) return (outcome, head);
            try
            {
                if (await ReceiveAsync(headers.Token) == 0) return (RequestHead.Outcome.Incomplete, null);
            }
            catch (OperationCanceledException) when (!server.Aborted.IsCancellationRequested)
            {
                await RefuseAsync(408);
                return (RequestHead.Outcome.Incomplete, null);
            }
        }
    }

    /// <summary>Receives more bytes after those buffered, moving or growing the buffer when it is full.</summary>
    private async ValueTask<int> ReceiveAsync(CancellationToken ct)
    {
        var buffer = _buffer!;
        if (_end == buffer.Length)
        {
            var pending = _end - _start;
            if (_start == 0)
            {
                buffer = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, server.Limits.MaxHeadBytes + 1));
                _buffer.AsSpan(0, pending).CopyTo(buffer);
                ArrayPool<byte>.Shared.Return(_buffer!);
                _buffer = buffer;
            }
            else
            {
                buffer.AsSpan(_start, pending).CopyTo(buffer);
            }
            _start = 0;
            _end = pending;
        }
        var n = await socket.ReceiveAsync(buffer.AsMemory(_end), SocketFlags.None, ct);
        _end += n;
        return n;
    }

    private async Task AnswerAsync(RequestHead request, bool keepAlive)
    {
        using var answer = FileAnswer.Decide(server.RepoDir, request.Method, request.RawTarget, request.Range, server.Usage);
        var head = ArrayPool<byte>.Shared.Rent(ResponseHead.MaxBytes);
        try
        {
            var headLength = ResponseHead.Write(head, answer, keepAlive, request.IsHttp10);
            var headElement = new SendPacketsElement(head, 0, headLength);
            var budget = server.UploadBudget;
            var chunk = budget.IsLimited ? ThrottledChunk : LargestChunk;
            var sent = 0L;
            do
            {
                var n = answer.SendsBody ? (int)Math.Min(chunk, answer.Count - sent) : 0;
                SendPacketsElement[] elements = n == 0 ? [headElement!]
                    : headElement is null ? [new SendPacketsElement(answer.File!, answer.Offset + sent, n)]
                    : [headElement, new SendPacketsElement(answer.File!, answer.Offset + sent, n)];
                await SendAsync(elements, (headElement is null ? 0 : headLength) + n);
                headElement = null;
                sent += n;
                await budget.TakeAsync(n, server.Aborted);
            }
            while (answer.SendsBody && sent < answer.Count);
            DownloadPortMetrics.Answered(answer.Status, sent);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private async Task RefuseAsync(int status)
    {
        var head = ArrayPool<byte>.Shared.Rent(ResponseHead.MaxBytes);
        try
        {
            var length = ResponseHead.WriteRefusal(head, status);
            DownloadPortMetrics.Answered(status, 0);
            await SendAsync([new SendPacketsElement(head, 0, length)], length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
        await CloseAsync();
    }

    /// <summary>
    /// Ends the connection after its last answer: the answer is followed by FIN, and what the client still sends is
    /// read and dropped for a moment, so closing with unread bytes does not reset the connection before the client
    /// has read the answer.
    /// </summary>
    private async Task CloseAsync()
    {
        socket.Shutdown(SocketShutdown.Send);
        using var drain = Within(DrainWithin, server.Aborted);
        var scratch = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            while (await socket.ReceiveAsync(scratch, SocketFlags.None, drain.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept sending: close anyway.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private Task SendAsync(SendPacketsElement[] elements, long bytes) =>
        (_sender ??= new PacketSender(socket)).SendAsync(elements, bytes, server.Aborted);

    private static int StatusOf(RequestHead.Outcome outcome) => outcome switch
    {
        RequestHead.Outcome.LineTooLong => 414,
        RequestHead.Outcome.HeadersTooLarge => 431,
        RequestHead.Outcome.VersionNotSupported => 505,
        _ => 400,
    };

    private static CancellationTokenSource Within(TimeSpan limit, CancellationToken outer)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cts.CancelAfter(limit);
        return cts;
    }

    private void ReturnBuffer()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _start = _end = 0;
    }
}
