using System.Buffers;
using System.Collections.Immutable;
using Microsoft.Win32.SafeHandles;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Makes a task's CDN copy in the repo (docs/protocol.md): reuses a complete copy the source confirms unchanged,
/// resumes an interrupted one with a Range request, or fetches the source from scratch. It reports pieces as
/// they reach the disk, and success only once data, <c>.md5</c> and <c>.meta</c> are durable. One copy per task
/// at a time is the caller's business.
/// </summary>
public sealed class CdnCopier(CdnRepo repo, OriginClient origin, ByteRateLimiter? sourceBudget = null)
{
    /// <summary>Times a broken source body is asked for again without a whole piece gained in between.</summary>
    public const int ResumesWithoutProgress = 3;

    public async Task<CopyOutcome> CopyAsync(CdnCommands.StartCopy cmd, PiecesOnDisk onPieces, CancellationToken ct)
    {
        if (origin.CheckUrl(cmd.Source.RawUrl) is { Allowed: false } denied)
            return CopyOutcome.Failed($"source not allowed: {denied.Reason}", cmd.HttpFileLength, 0, "");
        // The header keeps 24 bits for the content length; beyond 15 MiB it would not fit, and the buffer would not be small.
        if (cmd.PieceSize is <= PieceLayout.WrapperBytes or > PieceLayout.MaxPieceSize)
            return CopyOutcome.Failed($"piece size {cmd.PieceSize} out of range", cmd.HttpFileLength, 0, "");
        var buffer = ArrayPool<byte>.Shared.Rent(cmd.PieceSize);
        using var contentHash = new ContentHash(withSha256: cmd.Source.Digest.Length > 0);
        var note = "";
        try
        {
            repo.EnsureTaskDir(cmd.TaskId);
            var cached = await DetectAsync(cmd, buffer, contentHash, ct);
            note = cached.Note;
            switch (cached)
            {
                case CachedCopy.Complete c:
                    CdnMetrics.CacheHits.Inc();
                    c.Meta.Accessed(NowMs).Write(repo.MetaPath(cmd.TaskId));
                    var httpFileLength = c.Meta.FileLength - (long)PieceLayout.WrapperBytes * c.PieceMd5s.Length;
                    onPieces(0, c.PieceMd5s, httpFileLength);
                    return new CopyOutcome(true, CdnCopyOrigin.CacheHit, c.Meta.FileLength, httpFileLength, c.Meta.RealMd5,
                        c.PieceMd5s, "", 0, note);
                case CachedCopy.Partial p:
                    var meta = p.Meta.Accessed(NowMs);
                    meta.Write(repo.MetaPath(cmd.TaskId));
                    onPieces(0, [.. p.PieceMd5s], p.ContentLength);
                    return await FetchAsync(cmd, meta, p.PieceMd5s, p.ContentLength, buffer, contentHash, onPieces, note, ct);
                default:
                    // Not the bucket directory: another task's copy may be about to write in it.
                    repo.DeleteCopyFiles(cmd.TaskId);
                    var fresh = CdnFileMeta.Fresh(cmd.TaskId, cmd.Source, cmd.PieceSize, cmd.HttpFileLength, NowMs);
                    fresh.Write(repo.MetaPath(cmd.TaskId));
                    return await FetchAsync(cmd, fresh, [], cmd.HttpFileLength, buffer, contentHash, onPieces, note, ct);
            }
        }
        catch (Exception e) when (e is OriginException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return CopyOutcome.Failed(e.Message, cmd.HttpFileLength, 0, note);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>What the repo already holds for the task, and whether the source still agrees with it.</summary>
    private async Task<CachedCopy> DetectAsync(CdnCommands.StartCopy cmd, byte[] buffer, ContentHash contentHash, CancellationToken ct)
    {
        var meta = CdnFileMeta.Read(repo.MetaPath(cmd.TaskId));
        if (meta is null) return new CachedCopy.None("no copy on disk");
        if (!meta.IsSameFile(cmd.TaskId, cmd.Source, cmd.PieceSize)) return new CachedCopy.None("the copy on disk is of another file");
        if (meta.Finish && !meta.Success) return new CachedCopy.None("the copy on disk had failed");
        // A finished copy of a task named by its digest was checked against it: no source can make it stale.
        var verified = meta.Finish && meta.Success && cmd.Source.Digest.Length > 0;
        if (!verified && await origin.IsExpiredAsync(cmd.Source, meta.LastModified, meta.ETag, ct))
            return new CachedCopy.None(meta.LastModified > 0 || meta.ETag.Length > 0
                ? "the source changed since the copy on disk"
                : "the copy on disk has no validator to check it against the source");
        if (meta.Finish) return await CompleteAsync(cmd, meta, buffer, contentHash, ct);
        return await PartialAsync(cmd, meta, buffer, contentHash, ct);
    }

    /// <summary>
    /// A finished copy whose data file is whole: its piece md5s come from a valid <c>.md5</c> file, else from
    /// reading the file (which then must hash to the recorded content md5).
    /// </summary>
    private async Task<CachedCopy> CompleteAsync(CdnCommands.StartCopy cmd, CdnFileMeta meta, byte[] buffer, ContentHash contentHash, CancellationToken ct)
    {
        var data = new FileInfo(repo.DataPath(cmd.TaskId));
        if (!data.Exists || data.Length != meta.FileLength || meta.FileLength == 0)
            return new CachedCopy.None("the data file of the finished copy is missing or of the wrong size");
        if (meta.RealMd5.Length > 0)
        {
            var listed = PieceMd5File.Read(repo.Md5Path(cmd.TaskId), meta.RealMd5);
            if (listed.Count > 0 && listed.Sum(PieceFormat.WrappedLengthOf) == meta.FileLength)
                return new CachedCopy.Complete(meta, [.. listed], "cache hit: the source is unchanged; piece md5s from .md5");
        }
        using var file = File.OpenHandle(data.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var scan = new PieceScanner(file, cmd.PieceSize, buffer, contentHash);
        await scan.ScanAsync(int.MaxValue, fullPiecesOnly: false, ct);
        var realMd5 = contentHash.TakeMd5();
        if (scan.WrappedBytes != meta.FileLength || (meta.RealMd5.Length > 0 && meta.RealMd5 != realMd5))
            return new CachedCopy.None("the data file of the finished copy is damaged");
        PieceMd5File.Write(repo.Md5Path(cmd.TaskId), scan.PieceMd5s, realMd5);
        return new CachedCopy.Complete(meta with { RealMd5 = realMd5 }, [.. scan.PieceMd5s],
            "cache hit: the source is unchanged; piece md5s from the data file");
    }

    /// <summary>
    /// An interrupted copy: resumable when the source serves ranges and the content length is known; its leading
    /// whole pieces are kept (at least the last content byte is fetched again, so the copy ends by reading).
    /// </summary>
    private async Task<CachedCopy> PartialAsync(CdnCommands.StartCopy cmd, CdnFileMeta meta, byte[] buffer, ContentHash contentHash, CancellationToken ct)
    {
        var length = meta.HttpFileLen > 0 ? meta.HttpFileLen : cmd.HttpFileLength;
        if (OriginClient.AsksForRange(cmd.Source) || length <= 0) return new CachedCopy.None("the interrupted copy cannot be resumed");
        if (!await origin.SupportsRangeAsync(cmd.Source, ct)) return new CachedCopy.None("the source does not serve ranges");
        var dataPath = repo.DataPath(cmd.TaskId);
        if (!File.Exists(dataPath)) return new CachedCopy.None("the interrupted copy has no data");
        using var file = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var scan = new PieceScanner(file, cmd.PieceSize, buffer, contentHash);
        var maxPieces = (int)((length - 1) / PieceLayout.ContentPerPiece(cmd.PieceSize));
        await scan.ScanAsync(maxPieces, fullPiecesOnly: true, ct);
        if (scan.PieceMd5s.Count == 0) return new CachedCopy.None("the interrupted copy has no whole piece");
        return new CachedCopy.Partial(meta, scan.PieceMd5s, length, $"resumed at piece {scan.PieceMd5s.Count}");
    }

    /// <summary>
    /// Fetches the source from the piece after <paramref name="kept"/> on, then checks the content against the
    /// registered md5 and the known length before recording success. A body that breaks off or stalls is asked for
    /// again from its last whole piece on (<see cref="ResumeAsync"/>).
    /// </summary>
    private async Task<CopyOutcome> FetchAsync(
        CdnCommands.StartCopy cmd, CdnFileMeta meta, List<string> kept, long knownLength, byte[] buffer,
        ContentHash contentHash, PiecesOnDisk onPieces, string note, CancellationToken ct)
    {
        var ps = cmd.PieceSize;
        var firstPiece = kept.Count;
        var resumeFrom = (long)firstPiece * PieceLayout.ContentPerPiece(ps);
        var copyOrigin = firstPiece > 0 ? CdnCopyOrigin.Resumed : CdnCopyOrigin.Downloaded;
        var download = await RequestAsync(cmd, meta, resumeFrom, knownLength, refusalEndsCopy: true, ct);
        try
        {
            // Clients were told the declared length: content of another length would be cut into other pieces.
            if (cmd.Source.DeclaredLength > 0 && download.ContentLength >= 0 && download.ContentLength != cmd.Source.DeclaredLength)
            {
                (meta with { Finish = true, Success = false }).Write(repo.MetaPath(cmd.TaskId));
                return CopyOutcome.Failed($"length mismatch: the registration declared {cmd.Source.DeclaredLength} bytes, the source has {download.ContentLength}",
                    download.ContentLength, 0, note) with { Origin = copyOrigin };
            }
            // The answer's own length wins over the registration's: it describes the bytes now coming.
            var httpFileLength = download.ContentLength >= 0 ? download.ContentLength : knownLength > 0 ? knownLength : -1;
            meta = meta with
            {
                LastModified = download.LastModified,
                ETag = download.ETag,
                HttpFileLen = httpFileLength >= 0 ? httpFileLength : meta.HttpFileLen,
            };
            meta.Write(repo.MetaPath(cmd.TaskId));

            var md5s = new List<string>(kept);
            using var file = File.OpenHandle(repo.DataPath(cmd.TaskId), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete);
            // Whatever followed the kept pieces is stale.
            RandomAccess.SetLength(file, (long)firstPiece * ps);
            var cutter = new PieceCutter(file, ps, buffer, contentHash);
            // Counted as pieces reach the disk, so the counter moves while a long copy runs.
            var counted = 0L;
            void CountBytes()
            {
                CdnMetrics.DownloadBytes.Inc(cutter.ContentBytes - counted);
                counted = cutter.ContentBytes;
            }
            var resumes = 0;
            var resumedAt = -1L;
            try
            {
                while (true)
                {
                    try
                    {
                        await cutter.CutAsync((sourceBudget ?? ByteRateLimiter.Unlimited).Throttle(download.Body), firstPiece + cutter.Pieces,
                            (piece, md5) =>
                            {
                                md5s.Add(md5);
                                CountBytes();
                                onPieces(piece, [md5], httpFileLength);
                            }, ct);
                        break;
                    }
                    catch (SourceReadException e) when (httpFileLength > 0 && !OriginClient.AsksForRange(cmd.Source))
                    {
                        var at = resumeFrom + cutter.ContentBytes;
                        resumes = at > resumedAt ? 1 : resumes + 1;
                        if (resumes > ResumesWithoutProgress) throw;
                        resumedAt = at;
                        note += $"; resumed at byte {at} after: {e.Message}";
                        download.Dispose();
                        await Task.Delay(ResumePause * resumes, ct);
                        download = await ResumeAsync(cmd, meta, at, httpFileLength, ct);
                    }
                }
            }
            catch (SourceReadException e)
            {
                // .meta stays unfinished: the whole pieces on disk can be resumed from.
                return CopyOutcome.Failed($"reading the source failed after {resumeFrom + cutter.ContentBytes} bytes: {e.Message}",
                    httpFileLength, cutter.ContentBytes, note) with { Origin = copyOrigin };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The repo's disk (full, or gone): the whole pieces written so far stay resumable.
                return CopyOutcome.Failed($"writing the copy failed after {resumeFrom + cutter.ContentBytes} bytes: {e.Message}",
                    httpFileLength, cutter.ContentBytes, note) with { Origin = copyOrigin };
            }
            finally
            {
                CountBytes();
            }

            var contentLength = resumeFrom + cutter.ContentBytes;
            var realMd5 = contentHash.TakeMd5();
            var digest = cmd.Source.Digest.Length > 0 ? TaskDigest.Of(contentHash.TakeSha256()) : "";
            var fileLength = (long)firstPiece * ps + cutter.WrappedBytes;
            var error =
                cmd.Source.Md5.Length > 0 && !string.Equals(cmd.Source.Md5, realMd5, StringComparison.OrdinalIgnoreCase)
                    ? $"md5 mismatch: registered {cmd.Source.Md5}, content {realMd5}"
                : digest != cmd.Source.Digest
                    ? $"digest mismatch: the task is named {cmd.Source.Digest}, the content is {digest}"
                : httpFileLength >= 0 && httpFileLength != contentLength
                    ? $"length mismatch: the source announced {httpFileLength} bytes, sent {contentLength}"
                : "";
            if (error.Length > 0)
            {
                (meta with { Finish = true, Success = false }).Write(repo.MetaPath(cmd.TaskId));
                return CopyOutcome.Failed(error, httpFileLength, cutter.ContentBytes, note) with { Origin = copyOrigin };
            }

            RandomAccess.FlushToDisk(file);
            PieceMd5File.Write(repo.Md5Path(cmd.TaskId), md5s, realMd5);
            (meta with { Finish = true, Success = true, FileLength = fileLength, RealMd5 = realMd5 }).Write(repo.MetaPath(cmd.TaskId));
            return new CopyOutcome(true, copyOrigin, fileLength, contentLength, realMd5, [.. md5s], "", cutter.ContentBytes, note);
        }
        finally
        {
            download.Dispose();
        }
    }

    /// <summary>A short pause before asking a broken source again, longer at each try without progress.</summary>
    private static readonly TimeSpan ResumePause = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Asks the source for the content from byte <paramref name="from"/> on; a request that fails is the copy's
    /// failure, counted. When the source refused the copy's first request, the next copy does not resume: it starts over.
    /// </summary>
    private async Task<OriginDownload> RequestAsync(
        CdnCommands.StartCopy cmd, CdnFileMeta meta, long from, long length, bool refusalEndsCopy, CancellationToken ct)
    {
        CdnMetrics.Downloads.Inc();
        try
        {
            return await origin.DownloadAsync(cmd.Source, from, length, ct);
        }
        catch (Exception e) when (e is OriginException or HttpRequestException)
        {
            CdnMetrics.DownloadsFailed.Inc();
            if (e is OriginException && refusalEndsCopy) (meta with { Finish = true, Success = false }).Write(repo.MetaPath(cmd.TaskId));
            throw;
        }
    }

    /// <summary>
    /// The rest of a body that broke off, from <paramref name="from"/> on: only from the same version of the content
    /// (same validators, same length), else the pieces already written would be spliced to another file's bytes.
    /// A source that refuses the request leaves the pieces written so far for the next copy to resume from.
    /// </summary>
    private async Task<OriginDownload> ResumeAsync(CdnCommands.StartCopy cmd, CdnFileMeta meta, long from, long length, CancellationToken ct)
    {
        var download = await RequestAsync(cmd, meta, from, length, refusalEndsCopy: false, ct);
        if (download.ContentLength == length && download.ETag == meta.ETag && download.LastModified == meta.LastModified)
            return download;
        download.Dispose();
        (meta with { Finish = true, Success = false }).Write(repo.MetaPath(cmd.TaskId));
        throw new OriginException($"the source changed during the copy: asked again from byte {from}, it answers " +
                                  $"a content of {download.ContentLength} bytes (was {length}), ETag '{download.ETag}' (was '{meta.ETag}')");
    }

    /// <summary>What cache detection concluded, with a note for the log.</summary>
    private abstract record CachedCopy(string Note)
    {
        public sealed record None(string Why) : CachedCopy(Why + "; fetched from scratch");

        public sealed record Complete(CdnFileMeta Meta, ImmutableArray<string> PieceMd5s, string Why) : CachedCopy(Why);

        public sealed record Partial(CdnFileMeta Meta, List<string> PieceMd5s, long ContentLength, string Why) : CachedCopy(Why);
    }
}
