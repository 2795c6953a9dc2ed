using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
namespace Supernode.Testing;

/// <summary>
/// K dfget registrations sent at once, as a fleet starting a rollout: each on a connection of its own, with dfget's
/// 5 s deadline and no second try. Each client is a socket and a request written beforehand, so the generator spends
/// almost nothing per client and the latencies are the supernode's (and its load balancer's): a fleet's hosts do not
/// share a CPU, an HttpClient per simulated host in one process would.
/// </summary>
public static class RegistrationStorm
{
    /// <summary>The budget every call must meet: dfget's 5 s minus a margin for the network.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan DfgetTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What the storm's calls got: each one's latency, and what went wrong with those that went wrong.</summary>
    public sealed class Result(Latencies latencies, IReadOnlyList<string> errors, int overBudget)
    {
        public Latencies Latencies { get; } = latencies;
        public int Calls => Latencies.Count;

        /// <summary>Calls answered with anything but HTTP 200 and code 200, or not at all.</summary>
        public int Failed => Errors.Count;

        /// <summary>Calls answered (or given up) after <see cref="Budget"/>.</summary>
        public int OverBudget { get; } = overBudget;

        public IReadOnlyList<string> Errors { get; } = errors;

        public override string ToString() =>
            $"{Calls} registrations, {Failed} failed, {OverBudget} over {Budget.TotalSeconds:0} s, first {Latencies.Percentile(0):F0} ms, p1 {Latencies.Percentile(1):F0} ms, p50 {Latencies.Percentile(50):F0} ms, " +
            $"p99 {Latencies.Percentile(99):F0} ms, max {Latencies.Percentile(100):F0} ms" +
            (Errors.Count > 0 ? $"; e.g. {string.Join(" | ", Errors.Distinct().Take(3))}" : "");
    }

    /// <summary>Registers <paramref name="clientsPerUrl"/> clients for each of <paramref name="urls"/>, all at once, at <paramref name="api"/>.</summary>
    /// <param name="firstClient">Number of the first client: each run of a process needs clients of its own.</param>
    public static async Task<Result> RunAsync(IPEndPoint api, IReadOnlyList<string> urls, int clientsPerUrl, int firstClient = 0)
    {
        var requests = urls.SelectMany((url, u) => Enumerable.Range(0, clientsPerUrl).Select(i => Request(api, url, firstClient + u * clientsPerUrl + i)))
            .ToArray();
        var latencies = new Latencies();
        var errors = new List<string>();
        var overBudget = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = requests.Select(async request =>
        {
            await go.Task;
            var started = Stopwatch.GetTimestamp();
            var error = await RegisterAsync(api, request);
            var elapsed = Stopwatch.GetElapsedTime(started);
            latencies.Add(elapsed.TotalMilliseconds);
            if (elapsed > Budget) Interlocked.Increment(ref overBudget);
            if (error is not null)
                lock (errors) errors.Add(error);
        }).ToArray();
        go.SetResult();
        await Task.WhenAll(clients);
        return new Result(latencies, errors, overBudget);
    }

    /// <summary>
    /// A storm of <paramref name="clients"/> against a loopback listener of its own that answers each at once: the
    /// generator's first storm then does not compile its own code on the cores the supernode it measures needs.
    /// </summary>
    public static async Task WarmUpAsync(int clients = 200)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(clients);
        using var stop = new CancellationTokenSource();
        var answering = AnswerAllAsync(listener, stop.Token);
        var result = await RunAsync((IPEndPoint)listener.LocalEndpoint, ["http://127.0.0.1/warm-up"], clients);
        await stop.CancelAsync();
        await answering;
        if (result.Failed > 0) throw new InvalidOperationException($"the generator's warm-up failed: {result}");
    }

    private static async Task AnswerAllAsync(TcpListener listener, CancellationToken stop)
    {
        var answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{\"code\":200}"u8.ToArray();
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop);
                connections.Add(Task.Run(async () =>
                {
                    using (socket)
                    {
                        await ReadAnswerAsync(socket, stop);
                        await socket.SendAsync(answer, SocketFlags.None, stop);
                    }
                }, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(connections).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>One registration on a new connection: null when answered 200 with code 200, else what went wrong.</summary>
    private static async Task<string?> RegisterAsync(IPEndPoint api, byte[] request)
    {
        using var deadline = new CancellationTokenSource(DfgetTimeout);
        using var socket = new Socket(api.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(api, deadline.Token);
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);
            var answer = await ReadAnswerAsync(socket, deadline.Token);
            return answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && answer.Contains("\"code\":200", StringComparison.Ordinal)
                ? null
                : answer.Split("\r\n")[0] + " " + answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {DfgetTimeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }

    /// <summary>Reads one HTTP/1.1 message with a Content-Length (what the supernode and nginx send, and a registration).</summary>
    private static async Task<string> ReadAnswerAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, ct);
            if (n == 0) return Encoding.ASCII.GetString(buffer, 0, length) is { Length: > 0 } partial ? partial : "connection closed without an answer";
            length += n;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var header = text[..end];
            var at = header.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
            var bodyLength = at < 0 ? 0 : int.Parse(header[(at + 15)..].Split("\r\n")[0].Trim(), CultureInfo.InvariantCulture);
            if (length >= end + 4 + bodyLength) return text;
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>Client <paramref name="n"/>'s registration as dfget sends it, on a connection it closes afterwards.</summary>
    private static byte[] Request(IPEndPoint api, string url, int n)
    {
        var body = (DfgetRegistration.For(url, n) with { Port = 15_000 + n % 50_000, Cid = $"127.0.0.1-storm-{n}", HostName = $"host{n}" }).ToJson();
        var head = $"POST /peer/registry HTTP/1.1\r\nHost: {api}\r\nUser-Agent: fasthttp\r\nContent-Type: application/json;charset=utf-8\r\n" +
                   $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }
}
