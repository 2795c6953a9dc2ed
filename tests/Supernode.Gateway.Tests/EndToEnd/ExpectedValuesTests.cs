using System.Text;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The expected values of the end-to-end tests are computed by test code (<see cref="ExpectedTaskId"/>,
/// <see cref="Wrapping"/>); these pin that code to the vectors of docs/protocol.md.
/// </summary>
public sealed class ExpectedValuesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8009/normal.txt", "", "", null, "f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6")]
    [InlineData("http://a.b.com/file", "", "", null, "20baf20533f5ac30bbe43485b96d4a977089aaf89e7fd7e5111d3c60ee3bdde9")]
    [InlineData("http://a.b.com/file", "", "abc", null, "20626a9b60b5c19d4dcc9b91fd375f723c97f4a64643f0ee5a679c3a471a4e30")]
    [InlineData("http://a.b.com/file", "d41d8cd98f00b204e9800998ecf8427e", "abc", null, "e10969decd5d8190030dcd91d594f0d355098e7a128bb160d4efd07912a10b91")]
    [InlineData("http://a.b.com/file", "", "", "bytes=0-99", "954c1d888f5d3498e2be6a85c8cb0f90c16d13d3994b1b711857a2bd18869966")]
    public void Task_ids_match_the_spec_vectors(string url, string md5, string identifier, string? range, string expected) =>
        Assert.Equal(expected, ExpectedTaskId.Of(url, md5, identifier, range));

    [Fact]
    public void The_wrapping_of_hello_dragonfly_matches_the_spec_vector()
    {
        var content = Encoding.ASCII.GetBytes("hello Dragonfly");
        Assert.Equal("0400000f68656c6c6f20447261676f6e666c797f", Convert.ToHexStringLower(Wrapping.Piece(content, 0, 4194304)));
        Assert.Equal("8f95b369fc1f8d38262bb1b42d1ac87c:20", Wrapping.PieceMd5(content, 0, 4194304));
        Assert.Equal("8f95b369fc1f8d38262bb1b42d1ac87c:20\na6692a2fcad80f04a0250410d311917a\nc1102165b9d524e1accc850ae02b0490e8f8f6de",
            Wrapping.Md5File(content, 4194304));
    }

    [Fact]
    public void The_wrapping_of_an_empty_file_is_one_empty_piece()
    {
        Assert.Equal("040000007f", Convert.ToHexStringLower(Wrapping.Piece([], 0, 4194304)));
        Assert.Equal("d6991051769098273e82477afd2bb93e:5", Wrapping.PieceMd5([], 0, 4194304));
        Assert.Equal(5, Wrapping.CdnFileLength(0, 4194304));
    }

    [Fact]
    public void A_full_piece_header_is_0x043ffffb_and_50_MB_take_13_pieces()
    {
        Assert.Equal("043ffffb", Convert.ToHexStringLower(Wrapping.Piece(new byte[4194299], 0, 4194304)[..4]));
        Assert.Equal(52428865, Wrapping.CdnFileLength(52428800, 4194304));
    }
}
