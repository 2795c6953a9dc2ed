using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

public sealed class PieceRangesTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 0, 1, 2, 4, 6, 7 }, "0-2,4,6-7")]
    public void Runs_of_pieces_are_written_as_ranges(int[] pieces, string text) => Assert.Equal(text, PieceRanges.Format(pieces));
}
