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

    /// <summary>
    /// Writes pieces from <paramref name="firstPiece"/> on until the body ends; the last piece is the short rest,
    /// or a single empty piece when the whole content is empty. Each piece's md5 string goes to
    /// <paramref name="written"/> once the piece is in the file.
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
            await RandomAccess.WriteAsync(file, buffer.AsMemory(0, length), (long)piece * pieceSize, ct);
            contentMd5.AppendData(buffer, PieceFormat.HeaderBytes, n);
            ContentBytes += n;
            WrappedBytes += length;
            written(piece, PieceFormat.Md5Of(buffer.AsSpan(0, length)));
            if (n < contentPerPiece) return;
        }
    }
}
