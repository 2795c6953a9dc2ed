using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator.Client;

/// <summary>
/// Fetches one piece from the peer or supernode a pull named, as dfget's PowerClient does, whichever protocol the pull
/// came by: the body is checked against the piece's md5 and its data written to its place in the output file.
/// </summary>
internal sealed class PieceFetcher(PeerOptions options, SafeFileHandle file, RateLimiter limiter)
{
    private const int ChunkSize = 256 * 1024;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly HttpClient PieceHttp = ClientHttp.Create();

    /// <summary>
    /// One piece: a bare TCP connect/close probe, then <c>GET</c> with dfget's headers. The body is hashed whole,
    /// its first 4 bytes and last byte dropped unchecked, and the data streamed to its place in the output file.
    /// Returns the data length.
    /// </summary>
    public async Task<long> FetchAsync(PieceTask task, CancellationToken run)
    {
        try
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var probeTimeout = CancellationTokenSource.CreateLinkedTokenSource(run);
            probeTimeout.CancelAfter(ProbeTimeout);
            await probe.ConnectAsync(task.PeerIp, task.PeerPort, probeTimeout.Token);
        }
        catch (Exception e) when (!run.IsCancellationRequested && e is SocketException or OperationCanceledException)
        {
            throw new PieceFailedException($"{task.PeerIp}:{task.PeerPort} unreachable: {e.Message}");
        }

        var timeout = options.PieceTimeout ?? TimeSpan.FromSeconds(task.PieceSize / options.MinRate) + TimeSpan.FromSeconds(10);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(run);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri($"http://{task.PeerIp}:{task.PeerPort}{task.Path}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        request.Headers.TryAddWithoutValidation("User-Agent", "dfget/1.0.6");
        request.Headers.TryAddWithoutValidation("Piecenum", task.PieceNum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Piecesize", task.PieceSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Range", "bytes=" + task.Range);
        try
        {
            using var response = await PieceHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var status = (int)response.StatusCode;
            if (status == 416) throw new PieceFailedException("416 range not satisfiable");
            if (status is < 200 or >= 300)
            {
                throw new PieceFailedException($"HTTP {status}", status == 404 ? new PieceError("FILE_NOT_EXIST", "", "", "", "") : null);
            }

            var expectedMd5 = task.PieceMd5.Split(':')[0];
            await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
            var (bytes, realMd5) = await CopyPieceAsync(body, (long)task.PieceNum * (task.PieceSize - PieceWrapper.Overhead), cts.Token);
            if (expectedMd5.Length > 0 && realMd5 != expectedMd5)
            {
                throw new PieceFailedException($"piece range:{task.Range} md5 not match, expected:{expectedMd5} real:{realMd5}",
                    new PieceError("FILE_MD5_NOT_MATCH", task.PeerIp, task.Range, realMd5, expectedMd5));
            }
            return bytes;
        }
        catch (OperationCanceledException) when (!run.IsCancellationRequested)
        {
            throw new PieceFailedException($"piece timed out after {timeout.TotalSeconds:0.###}s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new PieceFailedException(e.Message);
        }
    }

    private async Task<(long Bytes, string Md5)> CopyPieceAsync(Stream body, long fileOffset, CancellationToken ct)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        // Reads land at index 1; index 0 takes the byte held back from the previous read.
        var buffer = ArrayPool<byte>.Shared.Rent(1 + ChunkSize);
        try
        {
            var headerLeft = PieceWrapper.HeaderSize;
            var hasHeld = false;
            byte held = 0;
            long written = 0;
            while (true)
            {
                var n = await body.ReadAsync(buffer.AsMemory(1, ChunkSize), ct);
                if (n == 0) break;
                md5.AppendData(buffer, 1, n);
                await limiter.AcquireAsync(n, ct);

                var skip = Math.Min(headerLeft, n);
                headerLeft -= skip;
                var from = 1 + skip;
                var to = 1 + n;
                if (from >= to) continue;
                if (hasHeld) buffer[--from] = held;
                // The last byte read so far may be the trailer: hold it back until more data follows.
                held = buffer[to - 1];
                hasHeld = true;
                var count = to - 1 - from;
                if (count == 0) continue;
                try
                {
                    await RandomAccess.WriteAsync(file, buffer.AsMemory(from, count), fileOffset + written, ct);
                }
                catch (IOException e)
                {
                    throw new PieceWriteException($"write error: {e.Message}");
                }
                written += count;
            }
            return (written, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
