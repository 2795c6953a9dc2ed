using System.Security.Cryptography;
using System.Text;

namespace Supernode.Testing;

/// <summary>
/// The piece wrapper computed straight from docs/protocol.md, independently of the code under test:
/// header = (dataLen | pieceSize &lt;&lt; 4) as 4 big-endian bytes, then the data, then 0x7F.
/// </summary>
public static class Wrapping
{
    public static int PieceCount(long contentLength, int pieceSize) =>
        contentLength == 0 ? 1 : (int)((contentLength + pieceSize - 6) / (pieceSize - 5));

    public static byte[] Piece(byte[] content, int pieceNum, int pieceSize)
    {
        var dataPerPiece = pieceSize - 5;
        var start = (long)pieceNum * dataPerPiece;
        var len = (int)Math.Min(dataPerPiece, content.Length - start);
        var header = (uint)len | ((uint)pieceSize << 4);
        var piece = new byte[len + 5];
        piece[0] = (byte)(header >> 24);
        piece[1] = (byte)(header >> 16);
        piece[2] = (byte)(header >> 8);
        piece[3] = (byte)header;
        Array.Copy(content, start, piece, 4, len);
        piece[^1] = 0x7F;
        return piece;
    }

    public static byte[] CdnFile(byte[] content, int pieceSize) =>
        Enumerable.Range(0, PieceCount(content.Length, pieceSize)).SelectMany(n => Piece(content, n, pieceSize)).ToArray();

    /// <summary>Length of the CDN file: the content plus 5 bytes per piece.</summary>
    public static long CdnFileLength(long contentLength, int pieceSize) => contentLength + 5L * PieceCount(contentLength, pieceSize);

    public static string PieceMd5(byte[] content, int pieceNum, int pieceSize)
    {
        var piece = Piece(content, pieceNum, pieceSize);
        return $"{Md5(piece)}:{piece.Length}";
    }

    /// <summary>
    /// The <c>.md5</c> file of docs/protocol.md: one pieceMd5 line per piece, the content md5, then the SHA-1 of all
    /// previous lines concatenated; joined by '\n' without a trailing newline.
    /// </summary>
    public static string Md5File(byte[] content, int pieceSize)
    {
        var lines = Enumerable.Range(0, PieceCount(content.Length, pieceSize)).Select(n => PieceMd5(content, n, pieceSize))
            .Append(Md5(content)).ToList();
        lines.Add(Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(string.Concat(lines)))));
        return string.Join('\n', lines);
    }

    /// <summary>The range dfget asks for piece <paramref name="pieceNum"/>: always a full slot, in wrapped coordinates.</summary>
    public static string Range(int pieceNum, int pieceSize) => $"{(long)pieceNum * pieceSize}-{(long)(pieceNum + 1) * pieceSize - 1}";

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
