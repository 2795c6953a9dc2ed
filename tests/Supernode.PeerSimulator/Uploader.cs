using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Win32.SafeHandles;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator;

/// <summary>
/// dfget's uploader ("dfget server"): a real HTTP server serving <c>GET /peer/file/&lt;taskFileName&gt;</c> from the
/// plain files of the tasks it was given, re-wrapping each piece on the fly. One uploader may serve several
/// simulated peers, as dfget's shared uploader does.
/// </summary>
public sealed class Uploader : IAsyncDisposable
{
    private const string FilePrefix = "/peer/file/";
    private const int ChunkSize = 256 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ServedTask> _tasks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private bool _stopped;

    private Uploader(WebApplication app, string ip)
    {
        _app = app;
        Ip = ip;
    }

    public string Ip { get; }
    public int Port { get; private set; }
    public bool IsRunning => !Volatile.Read(ref _stopped);

    /// <summary>
    /// Starts an uploader on <paramref name="ip"/> (127.0.0.0/8). Port 0 picks a free port in 15000–65000, the range
    /// the supernode accepts at registration.
    /// </summary>
    public static async Task<Uploader> StartAsync(string ip = "127.0.0.1", int port = 0, CancellationToken ct = default)
    {
        var address = Loopback.Parse(ip);
        for (var attempt = 0; ; attempt++)
        {
            var uploader = await TryStartAsync(address, port, ct);
            if (port != 0 || uploader.Port is >= 15000 and <= 65000) return uploader;
            await uploader.VanishAsync();
            if (attempt == 20) throw new InvalidOperationException("no free port in 15000-65000");
        }
    }

    private static async Task<Uploader> TryStartAsync(IPAddress address, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(address, port, l => l.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var uploader = new Uploader(app, address.ToString());
        app.Run(uploader.HandleAsync);
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        uploader.Port = new Uri(bound).Port;
        return uploader;
    }

    /// <summary>Announces a file (dfget's <c>/check/&lt;taskFileName&gt;</c>): from now on its pieces are served.</summary>
    public ServedTask Serve(string taskFileName, string filePath, UploadFaults? faults = null)
    {
        var task = new ServedTask(taskFileName, filePath, faults ?? UploadFaults.None);
        if (!_tasks.TryAdd(taskFileName, task)) throw new InvalidOperationException($"{taskFileName} is already served");
        return task;
    }

    /// <summary>
    /// Graceful stop (dfget's uploader at alivetime expiry or SIGTERM): <c>GET /peer/service/down</c> for every task
    /// whose download finished, then the server stops. Idempotent.
    /// </summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _stopGate.WaitAsync(ct);
        try
        {
            if (_stopped) return;
            foreach (var task in _tasks.Values)
            {
                if (task.Finished is { } f)
                    task.ServiceDownCode = await SupernodeApi.ServiceDownAsync(f.Node, f.TaskId, f.Cid, ct);
            }
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
            grace.CancelAfter(TimeSpan.FromSeconds(5));
            await StopServerAsync(grace.Token);
        }
        finally
        {
            _stopGate.Release();
        }
    }

    /// <summary>Abrupt stop, as a killed process: connections are cut, nothing is said to the supernode. Idempotent.</summary>
    public async Task VanishAsync()
    {
        await _stopGate.WaitAsync();
        try
        {
            if (!_stopped) await StopServerAsync(new CancellationToken(canceled: true));
        }
        finally
        {
            _stopGate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopServerAsync(CancellationToken ct)
    {
        try
        {
            // A cancelled token makes Kestrel abort open connections instead of draining them.
            await _app.StopAsync(ct);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
        Volatile.Write(ref _stopped, true);
    }

    /// <summary>dfget's <c>/client/finish</c>: the download ended, so the task is announced as down when the uploader stops.</summary>
    internal void Finish(string taskFileName, string taskId, string cid, SupernodeNode node)
    {
        if (_tasks.TryGetValue(taskFileName, out var task)) task.Finished = new FinishedTask(taskId, cid, node);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!HttpMethods.IsGet(ctx.Request.Method) || !path.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            await PlainAsync(ctx, StatusCodes.Status404NotFound, "404 page not found");
            return;
        }

        // Same order of checks as dfget's uploadHandler: parameters, file, range.
        if (!TryParseParams(ctx.Request.Headers, out var p, out var error))
        {
            await PlainAsync(ctx, StatusCodes.Status400BadRequest, error);
            return;
        }

        var name = path[FilePrefix.Length..];
        if (!_tasks.TryGetValue(name, out var task))
        {
            await PlainAsync(ctx, StatusCodes.Status500InternalServerError, $"failed to get taskPath: {name}");
            return;
        }

        var fault = task.Faults.Affects((int)p.PieceNum) ? task.Faults.Fault : ServeFault.None;
        if (fault == ServeFault.Reset)
        {
            ctx.Abort();
            return;
        }

        SafeFileHandle file;
        try
        {
            if (fault == ServeFault.NotFound) throw new FileNotFoundException(task.FilePath);
            file = File.OpenHandle(task.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await PlainAsync(ctx, StatusCodes.Status404NotFound, $"open {task.FilePath}: no such file or directory");
            return;
        }

        long length;
        using (file)
        {
            var size = RandomAccess.GetLength(file);
            // Ranges are in wrapped coordinates: every earlier piece carried 5 wrapper bytes.
            var start = p.Start - p.PieceNum * PieceWrapper.Overhead;
            length = p.Length;
            if (length < PieceWrapper.Overhead || start < 0 || start > size)
            {
                await PlainAsync(ctx, StatusCodes.Status416RangeNotSatisfiable, "range not satisfiable");
                return;
            }
            if (start + length - PieceWrapper.Overhead > size) length = size - start + PieceWrapper.Overhead;

            await SendPieceAsync(ctx, file, start, length - PieceWrapper.Overhead, p.PieceSize, fault == ServeFault.Corrupt);
        }

        task.CountServed(length);
        if (task.Faults.VanishAfterPieces is { } n && task.ServedPieces >= n)
            _ = Task.Run(VanishAsync);
    }

    private static async Task SendPieceAsync(HttpContext ctx, SafeFileHandle file, long start, long dataLength, long pieceSize, bool corrupt)
    {
        var response = ctx.Response;
        var ct = ctx.RequestAborted;
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.ContentType = "application/octet-stream";
        response.ContentLength = dataLength + PieceWrapper.Overhead;

        var buffer = ArrayPool<byte>.Shared.Rent(PieceWrapper.HeaderSize + ChunkSize);
        try
        {
            PieceWrapper.WriteHeader(buffer, dataLength, pieceSize);
            var pending = PieceWrapper.HeaderSize;
            var flip = corrupt;
            for (long sent = 0; sent < dataLength;)
            {
                var want = (int)Math.Min(ChunkSize, dataLength - sent);
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(pending, want), start + sent, ct);
                if (read == 0) break;
                if (flip)
                {
                    buffer[pending] ^= 0xFF;
                    flip = false;
                }
                await response.Body.WriteAsync(buffer.AsMemory(0, pending + read), ct);
                sent += read;
                pending = 0;
            }
            if (pending > 0) await response.Body.WriteAsync(buffer.AsMemory(0, pending), ct);
            await response.Body.WriteAsync(new[] { flip ? (byte)(PieceWrapper.Trailer ^ 0xFF) : PieceWrapper.Trailer }, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct UploadParams(long PieceNum, long PieceSize, long Start, long Length);

    /// <summary>dfget's parseParams: Piecenum, Piecesize and a single <c>bytes=start-end</c> range with end &gt; start.</summary>
    private static bool TryParseParams(IHeaderDictionary headers, out UploadParams p, out string error)
    {
        p = default;
        error = "";
        if (!long.TryParse(headers["Piecenum"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pieceNum))
        {
            error = $"invalid Piecenum: \"{headers["Piecenum"]}\"";
            return false;
        }
        if (!long.TryParse(headers["Piecesize"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pieceSize))
        {
            error = $"invalid Piecesize: \"{headers["Piecesize"]}\"";
            return false;
        }
        var range = headers.Range.ToString();
        var parts = range.Split('=');
        var bounds = parts.Length == 2 ? parts[1].Split('-') : [];
        if (bounds.Length != 2
            || !long.TryParse(bounds[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(bounds[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var end)
            || end <= start)
        {
            error = $"invalid range: {range}";
            return false;
        }
        p = new UploadParams(pieceNum, pieceSize, start, end - start + 1);
        return true;
    }

    private static Task PlainAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync(message + "\n");
    }
}

/// <summary>A file announced to an <see cref="Uploader"/>, with what was served of it.</summary>
public sealed class ServedTask
{
    private int _servedPieces;
    private long _servedBytes;

    internal ServedTask(string taskFileName, string filePath, UploadFaults faults)
    {
        TaskFileName = taskFileName;
        FilePath = filePath;
        Faults = faults;
    }

    public string TaskFileName { get; }
    public string FilePath { get; }
    public UploadFaults Faults { get; }

    /// <summary>Piece answers fully sent (206).</summary>
    public int ServedPieces => Volatile.Read(ref _servedPieces);

    /// <summary>Wrapped bytes of those answers.</summary>
    public long ServedBytes => Interlocked.Read(ref _servedBytes);

    /// <summary>The code the supernode answered to this task's <c>/peer/service/down</c> (612 expected); null if not sent or failed.</summary>
    public int? ServiceDownCode { get; internal set; }

    internal FinishedTask? Finished { get; set; }

    internal void CountServed(long bytes)
    {
        Interlocked.Increment(ref _servedPieces);
        Interlocked.Add(ref _servedBytes, bytes);
    }
}

internal sealed record FinishedTask(string TaskId, string Cid, SupernodeNode Node);

internal static class Loopback
{
    /// <summary>The simulator only ever binds and advertises loopback addresses.</summary>
    public static IPAddress Parse(string ip) =>
        IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127
            ? a
            : throw new ArgumentException($"'{ip}' is not an IPv4 address in 127.0.0.0/8", nameof(ip));
}
