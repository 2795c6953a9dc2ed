namespace Supernode.Cdn.Tests;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-4", 100, 0, 5)]
    [InlineData("bytes=90-200", 100, 90, 10)]
    [InlineData("bytes=90-", 100, 90, 10)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-500", 100, 0, 100)]
    [InlineData("BYTES= 5 - 9 ", 100, 5, 5)]
    [InlineData("bytes=99-99", 100, 99, 1)]
    [InlineData("bytes=0-200", 100, 0, 100)]
    [InlineData("bytes=200-300,0-1", 100, 0, 2)]
    public void Single_satisfiable_range_is_partial(string header, long size, long start, long length)
    {
        Assert.Equal(new ByteRange(ByteRange.Kind.Partial, start, length), ByteRange.Parse(header, size));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,3-4")]
    public void Absent_foreign_or_multiple_ranges_serve_the_whole_file(string? header)
    {
        Assert.Equal(ByteRange.Whole, ByteRange.Parse(header, 100));
    }

    [Fact]
    public void Range_from_zero_of_an_empty_file_serves_it_whole()
    {
        Assert.Equal(ByteRange.Whole, ByteRange.Parse("bytes=0-0", 0));
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=x")]
    [InlineData("bytes=1-x")]
    [InlineData("bytes=")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=99999999999999999999-")]
    public void Syntax_errors_and_ranges_past_the_end_are_not_satisfiable(string header)
    {
        Assert.Equal(ByteRange.Kind.NotSatisfiable, ByteRange.Parse(header, 100).Outcome);
    }

    [Fact]
    public void Content_range_end_is_inclusive()
    {
        Assert.Equal(8388612, ByteRange.Parse("bytes=8388608-12582911", 8388613).Last);
    }
}
