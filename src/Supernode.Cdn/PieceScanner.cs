using Microsoft.Win32.SafeHandles;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// Reads a data file back from its start, piece by piece through one piece buffer, and stops at the first piece
/// that is missing, truncated or malformed: what lies before is what a copy can reuse.
/// </summary>
internal sealed class PieceScanner(SafeFileHandle file, int pieceSize, byte[] buffer, ContentHash contentHash)
{
    public List<string> PieceMd5s { get; } = [];
    public long ContentBytes { get; private set; }
    public long WrappedBytes { get; private set; }

    /// <summary>The scan stopped at a short piece, which can only be the last of a content.</summary>
    public bool EndedWithShortPiece { get; private set; }

    /// <summary>
    /// Scans at most <paramref name="maxPieces"/> pieces. With <paramref name="fullPiecesOnly"/> a short piece is
    /// not taken (a resume restarts there); otherwise it is taken and ends the scan.
    /// </summary>
    public async Task ScanAsync(int maxPieces, bool fullPiecesOnly, CancellationToken ct)
    {
        for (var piece = 0; piece < maxPieces; piece++)
        {
            var read = await FileReads.ReadAtAsync(file, buffer.AsMemory(0, pieceSize), (long)piece * pieceSize, ct);
            if (read < PieceLayout.WrapperBytes) return;
            var contentLength = PieceFormat.ContentLengthOf(buffer);
            var length = contentLength + PieceLayout.WrapperBytes;
            if (length > read || !PieceFormat.IsWellFormed(buffer.AsSpan(0, length))) return;
            var isShort = length < pieceSize;
            if (isShort && fullPiecesOnly) return;
            contentHash.Append(buffer, PieceFormat.HeaderBytes, contentLength);
            PieceMd5s.Add(PieceFormat.Md5Of(buffer.AsSpan(0, length)));
            ContentBytes += contentLength;
            WrappedBytes += length;
            if (isShort)
            {
                EndedWithShortPiece = true;
                return;
            }
        }
    }
}
