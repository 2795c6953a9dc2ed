using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Supernode.Testing;

/// <summary>
/// HTTP/1.1 over a bare socket on loopback, for what <see cref="HttpClient"/> will not send: request targets with
/// dot segments or odd encodings (it normalises them), and connections opened and closed without a request.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <c>GET target</c> with <c>Connection: close</c> and returns the status code and the whole answer.</summary>
    public static async Task<(int Status, string Answer)> GetAsync(int port, string target, TimeSpan? within = null)
    {
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        var stream = client.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: dfget/1.0.6\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cts.Token);
        var text = Encoding.Latin1.GetString(answer.ToArray());
        // "HTTP/1.1 404 Not Found"
        var parts = text.Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], out var s) ? s : 0;
        return (status, text);
    }

    /// <summary>dfget's reachability probe: connects, optionally writes <paramref name="bytes"/>, and closes.</summary>
    public static async Task ConnectAndCloseAsync(int port, byte[]? bytes = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        if (bytes is not null) await client.GetStream().WriteAsync(bytes, cts.Token);
        client.Close();
    }
}
