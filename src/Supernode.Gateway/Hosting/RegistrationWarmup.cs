using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The first registration of a new task on a young replica compiles everything on its way: the body's parsing, the
/// messages' JSON contracts, the probe of the source (the HTTP client, its connection, the guard's connect step).
/// A storm's thousand registrations all wait behind that first one, so a replica does it before it reports ready,
/// without creating a task: the registration is parsed and answered in memory, and the source probed is a loopback
/// origin of its own that answers that one probe.
/// </summary>
public static class RegistrationWarmup
{
    public static async Task RunAsync(IActorRef cdn, CancellationToken ct)
    {
        SupernodeSerializer.Prepare();
        await AnswerInMemoryAsync(ct);
        await ProbeLoopbackOriginAsync(cdn, ct);
    }

    /// <summary>A dfget registration read, turned into its command, and answered into a buffer.</summary>
    private static async Task AnswerInMemoryAsync(CancellationToken ct)
    {
        var body = """{"rawUrl":"http://127.0.0.1/warm-up","taskUrl":"http://127.0.0.1/warm-up","cid":"127.0.0.1-warm-up","ip":"127.0.0.1","hostName":"warm-up","port":15000,"version":"1.0.6","superNodeIp":"127.0.0.1","path":"/peer/file/warm-up"}""";
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Response.Body = new MemoryStream();
        var request = await RegistryRequest.ReadAsync(http.Request, ct);
        request.Validate();
        var command = RegistryEndpoint.ToCommand(request);
        await RegistryEndpoint.RegisteredAnswer(command.TaskId, fileLength: 1, pieceSize: 4 << 20).ExecuteAsync(http);
    }

    /// <summary>This replica's CDN probes a loopback origin that answers one request, as a source answers a probe.</summary>
    private static async Task ProbeLoopbackOriginAsync(IActorRef cdn, CancellationToken ct)
    {
        using var origin = new TcpListener(IPAddress.Loopback, 0);
        origin.Start();
        var port = ((IPEndPoint)origin.LocalEndpoint).Port;
        var answering = AnswerOneProbeAsync(origin, ct);
        var url = $"http://127.0.0.1:{port}/warm-up";
        var source = new TaskSource(url, url, "", "", ImmutableSortedDictionary<string, string>.Empty, false, ImmutableArray<string>.Empty);
        await cdn.Ask<CdnReplies.SourceProbed>(new CdnCommands.ProbeSource(Warmup.EntityId, source), Deadlines.WarmupStep, ct);
        origin.Stop();
        await answering;
    }

    private static async Task AnswerOneProbeAsync(TcpListener origin, CancellationToken ct)
    {
        try
        {
            using var connection = await origin.AcceptSocketAsync(ct);
            var buffer = new byte[4096];
            var read = 0;
            while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await connection.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct);
                if (n == 0) return;
                read += n;
            }
            await connection.SendAsync("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-0/1\r\nContent-Length: 1\r\nConnection: close\r\n\r\nw"u8.ToArray(), ct);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // No probe came (the guard refused loopback sources): nothing to answer.
        }
    }
}
