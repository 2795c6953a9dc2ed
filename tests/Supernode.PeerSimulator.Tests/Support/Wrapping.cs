using System.Security.Cryptography;

namespace Supernode.PeerSimulator.Tests.Support;

/// <summary>
/// The piece wrapper computed straight from cdn.md §7, independently of the simulator's code:
/// header = (dataLen | pieceSize &lt;&lt; 4) as 4 big-endian bytes, then the data, then 0x7F.
/// </summary>
internal static class Wrapping
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

    public static string PieceMd5(byte[] content, int pieceNum, int pieceSize)
    {
        var piece = Piece(content, pieceNum, pieceSize);
        return $"{Md5(piece)}:{piece.Length}";
    }

    public static string Range(int pieceNum, int pieceSize) => $"{(long)pieceNum * pieceSize}-{(long)(pieceNum + 1) * pieceSize - 1}";

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    public static byte[] RandomContent(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
