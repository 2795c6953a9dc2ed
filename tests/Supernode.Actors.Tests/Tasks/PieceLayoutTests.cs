using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests;

public sealed class PieceLayoutTests
{
    [Theory]
    [InlineData(-1L, 4194304)]
    [InlineData(0L, 4194304)]
    [InlineData(200L * 1024 * 1024, 4194304)]
    [InlineData(314572799L, 4194304)]
    [InlineData(314572800L, 5242880)]
    [InlineData(1073741824L, 12582912)]
    [InlineData(1468006400L, 15728640)]
    [InlineData(100L * 1024 * 1024 * 1024, 15728640)]
    public void Piece_size_formula(long length, int expected) => Assert.Equal(expected, PieceLayout.PieceSizeFor(length));

    [Theory]
    [InlineData(0L, 1, 5L)]
    [InlineData(1L, 1, 6L)]
    [InlineData(4194299L, 1, 4194304L)]
    [InlineData(4194300L, 2, 4194310L)]
    [InlineData(8388598L, 2, 8388608L)]
    [InlineData(52428800L, 13, 52428865L)]
    public void Pieces_and_wrapped_length(long length, int pieces, long wrapped)
    {
        Assert.Equal(pieces, PieceLayout.PieceCount(length, PieceLayout.DefaultPieceSize));
        Assert.Equal(wrapped, PieceLayout.WrappedLength(length, PieceLayout.DefaultPieceSize));
    }

    [Theory]
    [InlineData("0-4194303", 0)]
    [InlineData("20971520-25165823", 5)]
    [InlineData("0-0", 0)]
    [InlineData("3-3", 3)]
    [InlineData("6-8", 2)]
    [InlineData("foo", -1)]
    [InlineData("aaa-bbb", -1)]
    [InlineData("3-2", -1)]
    [InlineData("1 -3", -1)]
    [InlineData("2- 3", -1)]
    [InlineData("2-3-3", -1)]
    [InlineData("", -1)]
    [InlineData(null, -1)]
    public void Piece_number_of_a_range(string? range, int expected) => Assert.Equal(expected, PieceLayout.PieceNumOf(range));

    [Fact]
    public void Range_of_a_piece_is_a_full_slot() => Assert.Equal("20971520-25165823", PieceLayout.RangeOf(5, 4194304));
}
