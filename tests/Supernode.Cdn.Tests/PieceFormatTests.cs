using System.Text;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn.Tests;

public class PieceFormatTests
{
    private const int Ps = PieceLayout.DefaultPieceSize;

    [Fact]
    public void Hello_dragonfly_piece_matches_the_vector()
    {
        var piece = PieceFormat.Wrap(Encoding.ASCII.GetBytes("hello Dragonfly"), Ps);

        Assert.Equal("0400000f68656c6c6f20447261676f6e666c797f", Convert.ToHexStringLower(piece));
        Assert.Equal("8f95b369fc1f8d38262bb1b42d1ac87c:20", PieceFormat.Md5Of(piece));
    }

    [Fact]
    public void Empty_piece_matches_the_vector()
    {
        var piece = PieceFormat.Wrap([], Ps);

        Assert.Equal("040000007f", Convert.ToHexStringLower(piece));
        Assert.Equal("d6991051769098273e82477afd2bb93e:5", PieceFormat.Md5Of(piece));
    }

    [Theory]
    [InlineData(4194299, 0x043ffffbu)]
    [InlineData(2097212, 0x0420003cu)]
    [InlineData(0, 0x04000000u)]
    public void Header_overlaps_the_shifted_piece_size(int contentLength, uint header)
    {
        Assert.Equal(header, PieceFormat.Header(contentLength, Ps));
        Assert.Equal(contentLength, PieceFormat.ContentLengthOf(header));
    }

    [Fact]
    public void Readers_mask_out_the_piece_size_and_accept_a_bare_length()
    {
        Assert.Equal(6, PieceFormat.ContentLengthOf([0x00, 0x00, 0x00, 0x06]));
        Assert.Equal(0xFFFFFB, PieceFormat.ContentLengthOf([0x04, 0xFF, 0xFF, 0xFB]));
        Assert.Equal(15 * 1024 * 1024 - 5, PieceFormat.ContentLengthOf(
            BitConverter.GetBytes(PieceFormat.Header(15 * 1024 * 1024 - 5, 15 * 1024 * 1024)).Reverse().ToArray()));
    }

    [Fact]
    public void Well_formed_means_the_header_length_reaches_the_trailer()
    {
        var piece = PieceFormat.Wrap("hello "u8, Ps);
        Assert.True(PieceFormat.IsWellFormed(piece));
        Assert.False(PieceFormat.IsWellFormed(piece.AsSpan(0, piece.Length - 1)));
        piece[^1] = 0;
        Assert.False(PieceFormat.IsWellFormed(piece));
    }
}
