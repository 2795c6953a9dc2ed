using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Cuts a source body into wrapped pieces and writes each at its slot <c>n * pieceSize</c> of the data file, in
/// piece order, through one piece buffer: memory stays bounded whatever the content length.
/// </summary>
internal sealed class PieceCutter(SafeFileHandle file, int pieceSize, byte[] buffer, ContentHash contentHash)
{
    /// <summary>Content bytes read and wrapped bytes written by <see cref="CutAsync"/>.</summary>
    public long ContentBytes { get; private set; }
    public long WrappedBytes { get; private set; }

    /// <summary>Pieces written by <see cref="CutAsync"/> so far: a resumed body goes on with the next one.</summary>
    public int Pieces { get; private set; }

    /// <summary>
    /// Writes pieces from <paramref name="firstPiece"/> on until the body ends; the last piece is the short rest,
    /// or a single empty piece when the whole content is empty. Called again with another body after a failed read,
    /// it goes on counting: a piece is written only once whole, so nothing of a broken piece is kept. Each piece's md5
    /// string goes to <paramref name="written"/> once the piece is in the file. A write that fails (a full disk) is
    /// cut off the file, which then holds whole pieces only. The next piece is read from the source while this one
    /// is written and hashed (two buffers), so a copy runs at the pace of its slowest stage, not of their sum.
    /// </summary>
    public async Task CutAsync(Stream body, int firstPiece, Action<int, string> written, CancellationToken ct)
    {
        var contentPerPiece = PieceLayout.ContentPerPiece(pieceSize);
        var current = buffer;
        var next = ArrayPool<byte>.Shared.Rent(buffer.Length);
        Task<int>? reading = null;
        try
        {
            var n = await ReadPieceAsync(body, current, contentPerPiece, ct);
            for (var piece = firstPiece; ; piece++)
            {
                if (n == 0 && piece > 0) return;
                var last = n < contentPerPiece;
                reading = last ? null : ReadPieceAsync(body, next, contentPerPiece, ct);
                var (length, md5) = await WritePieceAsync(current, n, piece, ct);
                ContentBytes += n;
                WrappedBytes += length;
                Pieces++;
                written(piece, md5);
                if (reading is null) return;
                n = await reading;
                reading = null;
                (current, next) = (next, current);
            }
        }
        finally
        {
            if (reading is { IsCompleted: false })
            {
                // Only a failed write leaves a read running, and the copy fails with it: the body is closed so the
                // read ends now, before either buffer goes back to a pool while it could still be written to.
                await body.DisposeAsync();
                try
                {
                    await reading;
                }
                catch (Exception)
                {
                    // What the read says no longer matters; the write's failure is the copy's.
                }
            }
            ArrayPool<byte>.Shared.Return(ReferenceEquals(current, buffer) ? next : current);
        }
    }

    private static async Task<int> ReadPieceAsync(Stream body, byte[] piece, int contentPerPiece, CancellationToken ct) =>
        await body.ReadAtLeastAsync(piece.AsMemory(PieceFormat.HeaderBytes, contentPerPiece), contentPerPiece, throwOnEndOfStream: false, ct);

    /// <summary>Wraps the piece in place, then writes it and hashes it (its own md5, the content's) at once.</summary>
    private async Task<(int Length, string Md5)> WritePieceAsync(byte[] piece, int n, int pieceNum, CancellationToken ct)
    {
        var length = PieceFormat.WrapInPlace(piece, n, pieceSize).Length;
        var writing = WriteWholeAsync(piece.AsMemory(0, length), (long)pieceNum * pieceSize, ct);
        var pieceMd5 = Task.Run(() => PieceFormat.Md5Of(piece.AsSpan(0, length)), CancellationToken.None);
        contentHash.Append(piece, PieceFormat.HeaderBytes, n);
        // Both finish before the buffer is reused; a failed write is what the caller sees.
        await Task.WhenAll(writing, pieceMd5);
        return (length, pieceMd5.Result);
    }

    /// <summary>
    /// Writes one piece at its slot, or leaves the file ending before it: a partly written piece would be served by
    /// the download port to whoever asks for that range, and read back by a resumed copy's scan as far as it goes.
    /// </summary>
    private async Task WriteWholeAsync(ReadOnlyMemory<byte> piece, long offset, CancellationToken ct)
    {
        try
        {
            await RandomAccess.WriteAsync(file, piece, offset, ct);
            Writeback.Start(file, offset, piece.Length);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Shrinking needs no space; if even that fails, the scan of a resumed copy still stops at this piece.
            try { RandomAccess.SetLength(file, offset); }
            catch (IOException) { }
            throw;
        }
    }
}
