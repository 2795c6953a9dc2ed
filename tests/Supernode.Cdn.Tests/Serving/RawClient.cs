using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Supernode.Cdn.Tests.Serving;

/// <summary>One TCP connection to a download port, written and read byte for byte, answers split by Content-Length.</summary>
internal sealed class RawClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];
    private Answer? _head;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Fields, byte[] Body)
    {
        public string? Field(string name) => Fields.GetValueOrDefault(name);
    }

    public static async Task<RawClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawClient(tcp);
    }

    public Task SendAsync(string request) => _stream.WriteAsync(Encoding.Latin1.GetBytes(request)).AsTask();

    public async Task<Answer> ReadAnswerAsync(bool isHead = false)
    {
        await ReadHeadAsync();
        return await ReadBodyAsync(isHead);
    }

    /// <summary>Reads the status line and fields of the next answer.</summary>
    public async Task ReadHeadAsync()
    {
        int end;
        while ((end = IndexOfHeadEnd()) < 0)
            if (!await FillAsync()) throw new IOException("closed before the head ended");
        var lines = Encoding.Latin1.GetString(_pending.GetRange(0, end).ToArray()).Split("\r\n");
        _pending.RemoveRange(0, end + 4);
        var fields = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        _head = new Answer(int.Parse(lines[0].Split(' ')[1]), fields, []);
    }

    /// <summary>Reads the body of the answer whose head was read (none when it answers a HEAD).</summary>
    public async Task<Answer> ReadBodyAsync(bool isHead = false)
    {
        var head = _head ?? throw new InvalidOperationException("no head read");
        var length = isHead ? 0 : int.Parse(head.Field("Content-Length") ?? "0");
        while (_pending.Count < length)
            if (!await FillAsync()) throw new IOException($"closed after {_pending.Count} of {length} body bytes");
        var body = _pending.GetRange(0, length).ToArray();
        _pending.RemoveRange(0, length);
        _head = null;
        return head with { Body = body };
    }

    /// <summary>Whether the server closes the connection (within a patience), with no byte more.</summary>
    public async Task<bool> ClosedAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        var buffer = new byte[1];
        try
        {
            return _pending.Count == 0 && await _stream.ReadAsync(buffer, cts.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<bool> FillAsync()
    {
        using var cts = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        var n = await _stream.ReadAsync(buffer, cts.Token);
        _pending.AddRange(buffer.AsSpan(0, n));
        return n > 0;
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _pending.Count; i++)
            if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n') return i;
        return -1;
    }

    public void Dispose() => _tcp.Dispose();
}
