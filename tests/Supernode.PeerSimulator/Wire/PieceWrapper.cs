using System.Buffers.Binary;

namespace Supernode.PeerSimulator.Wire;

/// <summary>The 5-byte piece wrapper (docs/protocol.md): 4-byte big-endian <c>dataLen | (pieceSize &lt;&lt; 4)</c>, data, 0x7F.</summary>
internal static class PieceWrapper
{
    public const int Overhead = 5;
    public const int HeaderSize = 4;
    public const byte Trailer = 0x7F;

    public static void WriteHeader(Span<byte> destination, long dataLength, long pieceSize) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, unchecked((uint)(dataLength | (pieceSize << 4))));
}
