using System.Buffers;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Repairs one piece of a complete copy (<see cref="CdnCommands.RepairPiece"/>): compares its slot on disk with the
/// md5 the task recorded and, when they differ, fetches the piece's content range from the source again, wraps it,
/// and writes it over the slot only if it then matches. No other byte of the data file is ever written.
/// A source that ignores Range (200), and a task whose own headers ask for a Range (that Range defines its content,
/// so none of ours may be added), send the content from byte 0: what precedes the piece is read and dropped through
/// the one piece buffer, so memory stays bounded but those bytes cross the wire, within <paramref name="budget"/>.
/// One repair per piece at a time is the caller's business.
/// </summary>
public sealed class PieceRepairer(CdnRepo repo, OriginClient origin, TimeSpan budget)
{
    public async Task<PieceRepairResult> RepairAsync(CdnCommands.RepairPiece cmd, CancellationToken ct)
    {
        var ps = cmd.PieceSize;
        if (ps is <= PieceLayout.WrapperBytes or > PieceLayout.MaxPieceSize) return PieceRepairResult.Failed($"piece size {ps} out of range");
        var meta = CdnFileMeta.Read(repo.MetaPath(cmd.TaskId));
        if (meta is not { Finish: true, Success: true }) return PieceRepairResult.Failed("no complete copy on disk");
        if (!meta.IsSameFile(cmd.TaskId, cmd.Source, ps)) return PieceRepairResult.Failed("the copy on disk is of another file");
        var offset = (long)cmd.PieceNum * ps;
        var wrapped = PieceFormat.WrappedLengthOf(cmd.ExpectedPieceMd5);
        // The recorded md5 must describe this slot of this copy: a whole piece, or the rest of the file for the last.
        if (cmd.PieceNum < 0 || wrapped < PieceLayout.WrapperBytes || wrapped != Math.Min(ps, meta.FileLength - offset))
            return PieceRepairResult.Failed(
                $"the recorded md5 '{cmd.ExpectedPieceMd5}' does not fit piece {cmd.PieceNum} of a copy of {meta.FileLength} bytes");

        var buffer = ArrayPool<byte>.Shared.Rent(ps);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            using var file = File.OpenHandle(repo.DataPath(cmd.TaskId), FileMode.Open, FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete);
            // A file of another length is a damaged copy, not a damaged piece: writing a slot would not mend it.
            if (RandomAccess.GetLength(file) != meta.FileLength)
                return PieceRepairResult.Damaged($"the data file is {RandomAccess.GetLength(file)} bytes long, the copy {meta.FileLength}");
            var read = await FileReads.ReadAtAsync(file, buffer.AsMemory(0, (int)wrapped), offset, timeout.Token);
            if (Matches(buffer.AsSpan(0, read), cmd)) return PieceRepairResult.Intact;

            var contentLength = (int)wrapped - PieceLayout.WrapperBytes;
            var (verdict, sourceBytes) = await FetchAsync(cmd, ContentLengthOf(meta.FileLength, ps), contentLength, buffer, timeout.Token);
            if (verdict is not null) return verdict;
            PieceFormat.WrapInPlace(buffer, contentLength, ps);
            if (!Matches(buffer.AsSpan(0, (int)wrapped), cmd))
                return new PieceRepairResult(PieceRepairOutcome.SourceChanged, "the source now serves other bytes for the piece", sourceBytes);
            // Once decided, the piece is written whole: a timeout now would leave a piece damaged anew.
            await RandomAccess.WriteAsync(file, buffer.AsMemory(0, (int)wrapped), offset, CancellationToken.None);
            RandomAccess.FlushToDisk(file);
            return new PieceRepairResult(PieceRepairOutcome.Rewritten, "", sourceBytes);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return PieceRepairResult.Failed($"the repair took longer than {budget.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return PieceRepairResult.Damaged("the data file is missing");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(repo.DataPath(cmd.TaskId)))
        {
            return PieceRepairResult.Damaged("a directory is where the data file should be");
        }
        catch (Exception e) when (e is OriginException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return PieceRepairResult.Failed(e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the piece's <paramref name="contentLength"/> content bytes from the source into <c>buffer[4..]</c>, or
    /// says why the source cannot give them; with the body bytes read either way.
    /// </summary>
    private async Task<(PieceRepairResult? Verdict, long SourceBytes)> FetchAsync(
        CdnCommands.RepairPiece cmd, long copyContentLength, int contentLength, byte[] buffer, CancellationToken ct)
    {
        // The empty content's only piece is its wrapping alone: there is nothing to ask the source for.
        if (contentLength == 0) return (null, 0);
        var first = (long)cmd.PieceNum * PieceLayout.ContentPerPiece(cmd.PieceSize);
        var ownRange = OriginClient.AsksForRange(cmd.Source);
        using var download = ownRange
            ? await origin.DownloadAsync(cmd.Source, 0, copyContentLength, ct)
            : await origin.DownloadRangeAsync(cmd.Source, first, first + contentLength - 1, ct);
        if (download.ContentLength >= 0 && download.ContentLength != copyContentLength)
            return (new PieceRepairResult(PieceRepairOutcome.SourceChanged,
                $"the source's content is now {download.ContentLength} bytes long, the copy's {copyContentLength}", 0), 0);
        var before = !ownRange && download.StatusCode == 206 ? 0 : first;
        var read = await SkipAsync(download.Body, before, buffer, ct);
        if (read == before)
            read += await download.Body.ReadAtLeastAsync(
                buffer.AsMemory(PieceFormat.HeaderBytes, contentLength), contentLength, throwOnEndOfStream: false, ct);
        if (read < before + contentLength)
            return (new PieceRepairResult(PieceRepairOutcome.Failed,
                $"the source's answer ended after {read} bytes, before the end of the piece", read), read);
        return (null, read);
    }

    /// <summary>Reads and drops <paramref name="count"/> body bytes through <paramref name="scratch"/>; returns how many there were.</summary>
    private static async Task<long> SkipAsync(Stream body, long count, byte[] scratch, CancellationToken ct)
    {
        long skipped = 0;
        while (skipped < count)
        {
            var n = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count - skipped)), ct);
            if (n == 0) break;
            skipped += n;
        }
        return skipped;
    }

    private static bool Matches(ReadOnlySpan<byte> wrapped, CdnCommands.RepairPiece cmd) =>
        string.Equals(PieceFormat.Md5Of(wrapped), cmd.ExpectedPieceMd5, StringComparison.OrdinalIgnoreCase);

    /// <summary>The content length of a complete copy: every slot but the last is a whole piece, each with 5 bytes of wrapping.</summary>
    private static long ContentLengthOf(long fileLength, int pieceSize) =>
        fileLength - PieceLayout.WrapperBytes * ((fileLength + pieceSize - 1) / pieceSize);
}
