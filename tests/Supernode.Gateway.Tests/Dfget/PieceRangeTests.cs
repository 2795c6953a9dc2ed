using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Tests.Dfget;

/// <summary>Piece ranges as dfget reads and writes them: whole slots in wrapped offsets, the last piece too.</summary>
public sealed class PieceRangeTests
{
    [Theory]
    [InlineData(0, 4194304, "0-4194303")]
    [InlineData(1, 4194304, "4194304-8388607")]
    [InlineData(2, 4194304, "8388608-12582911")]
    [InlineData(1000, 15728640, "15728640000-15744368639")]
    public void A_piece_is_named_by_its_whole_slot_and_read_back_as_its_number(int pieceNum, int pieceSize, string range)
    {
        Assert.Equal(range, PieceRange.Of(pieceNum, pieceSize));
        Assert.True(PieceRange.TryParsePieceNum(range, out var back));
        Assert.Equal(pieceNum, back);
    }
}
