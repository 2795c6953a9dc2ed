using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Cuts a source body into wrapped pieces and writes each at its slot <c>n * pieceSize</c> of the data file, in
/// piece order, through one piece buffer: memory stays bounded whatever the content length.
/// </summary>
internal sealed class PieceCutter(SafeFileHandle file, int pieceSize, byte[] buffer, IncrementalHash contentMd5)
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
    /// cut off the file, which then holds whole pieces only.
    /// </summary>
    public async Task CutAsync(Stream body, int firstPiece, Action<int, string> written, CancellationToken ct)
    {
        var contentPerPiece = PieceLayout.ContentPerPiece(pieceSize);
        for (var piece = firstPiece; ; piece++)
        {
            var n = await body.ReadAtLeastAsync(
                buffer.AsMemory(PieceFormat.HeaderBytes, contentPerPiece), contentPerPiece, throwOnEndOfStream: false, ct);
            if (n == 0 && piece > 0) return;
            var length = PieceFormat.WrapInPlace(buffer, n, pieceSize).Length;
            await WriteWholeAsync(buffer.AsMemory(0, length), (long)piece * pieceSize, ct);
            contentMd5.AppendData(buffer, PieceFormat.HeaderBytes, n);
            ContentBytes += n;
            WrappedBytes += length;
            Pieces++;
            written(piece, PieceFormat.Md5Of(buffer.AsSpan(0, length)));
            if (n < contentPerPiece) return;
        }
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
