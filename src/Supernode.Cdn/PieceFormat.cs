using System.Buffers.Binary;
using System.Security.Cryptography;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// The wrapped piece, byte-identical wherever dfget gets it: a 4-byte big-endian header
/// <c>contentLen | (pieceSize &lt;&lt; 4)</c>, the content, and a <c>0x7F</c> trailer.
/// </summary>
public static class PieceFormat
{
    public const int HeaderBytes = 4;
    public const byte Trailer = 0x7F;

    /// <summary>
    /// Piece sizes are whole MiB, so <c>pieceSize &lt;&lt; 4</c> leaves the low 24 bits to the content length;
    /// readers mask them out and ignore the rest (Go getContentLengthByHeader).
    /// </summary>
    public const uint ContentLengthMask = 0x00FFFFFF;

    public static uint Header(int contentLength, int pieceSize) => (uint)contentLength | (uint)(pieceSize << 4);

    public static int ContentLengthOf(uint header) => (int)(header & ContentLengthMask);

    public static int ContentLengthOf(ReadOnlySpan<byte> wrapped) => ContentLengthOf(BinaryPrimitives.ReadUInt32BigEndian(wrapped));

    /// <summary>
    /// Frames content already placed at <c>piece[4..4+contentLength]</c>: writes the header and the trailer in
    /// place, and returns the wrapped piece (<c>contentLength + 5</c> bytes).
    /// </summary>
    public static Span<byte> WrapInPlace(Span<byte> piece, int contentLength, int pieceSize)
    {
        BinaryPrimitives.WriteUInt32BigEndian(piece, Header(contentLength, pieceSize));
        piece[HeaderBytes + contentLength] = Trailer;
        return piece[..(contentLength + PieceLayout.WrapperBytes)];
    }

    /// <summary>A new wrapped piece holding <paramref name="content"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> content, int pieceSize)
    {
        var piece = new byte[content.Length + PieceLayout.WrapperBytes];
        content.CopyTo(piece.AsSpan(HeaderBytes));
        WrapInPlace(piece, content.Length, pieceSize);
        return piece;
    }

    /// <summary>The piece md5 string dfget checks: <c>"&lt;md5 hex of the whole wrapped piece&gt;:&lt;its length&gt;"</c>.</summary>
    public static string Md5Of(ReadOnlySpan<byte> wrapped) =>
        $"{Convert.ToHexStringLower(MD5.HashData(wrapped))}:{wrapped.Length}";

    /// <summary>The wrapped length a piece md5 string ends with, −1 when it has none.</summary>
    public static long WrappedLengthOf(string pieceMd5)
    {
        var colon = pieceMd5.LastIndexOf(':');
        return colon > 0 && long.TryParse(pieceMd5.AsSpan(colon + 1), out var n) ? n : -1;
    }

    /// <summary>
    /// Whether <paramref name="wrapped"/> is one well-formed piece: its header's content length fills it exactly
    /// up to the trailer.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> wrapped) =>
        wrapped.Length >= PieceLayout.WrapperBytes
        && ContentLengthOf(wrapped) == wrapped.Length - PieceLayout.WrapperBytes
        && wrapped[^1] == Trailer;
}
