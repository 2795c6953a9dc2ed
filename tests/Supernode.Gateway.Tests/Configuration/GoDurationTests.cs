using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Tests.Configuration;

public class GoDurationTests
{
    [Theory]
    [InlineData("3m", 3 * 60_000)]
    [InlineData("2h0m0s", 2 * 3_600_000)]
    [InlineData("2h", 2 * 3_600_000)]
    [InlineData("10m30s", 630_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("500ms", 500)]
    [InlineData("6s", 6_000)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    [InlineData(".5s", 500)]
    [InlineData("1.s", 1_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("+1s", 1_000)]
    [InlineData("-1s", -1_000)]
    [InlineData("1000us", 1)]
    [InlineData("1000\u00b5s", 1)]
    [InlineData("1000000ns", 1)]
    public void Parses_go_syntax(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("abc")]
    [InlineData("3x")]
    [InlineData("3 m")]
    [InlineData(".s")]
    [InlineData("1..5s")]
    [InlineData("m")]
    [InlineData("-")]
    [InlineData("3M")]
    [InlineData("99999999999h")]
    public void Rejects_other_forms(string text) =>
        Assert.Throws<FormatException>(() => GoDuration.Parse(text));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(6_000, "6s")]
    [InlineData(180_000, "3m0s")]
    [InlineData(630_000, "10m30s")]
    [InlineData(7_200_000, "2h0m0s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(500, "500ms")]
    [InlineData(60_500, "1m0.5s")]
    [InlineData(-1_500, "-1.5s")]
    public void Formats_like_go(long milliseconds, string text) =>
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Formats_sub_millisecond_durations_like_go()
    {
        Assert.Equal("1.5\u00b5s", GoDuration.Format(TimeSpan.FromTicks(15)));
        Assert.Equal("100ns", GoDuration.Format(TimeSpan.FromTicks(1)));
        Assert.Equal("1.2345ms", GoDuration.Format(TimeSpan.FromTicks(12_345)));
    }

    [Theory]
    [InlineData("3m0s")]
    [InlineData("10m30s")]
    [InlineData("2h0m0s")]
    [InlineData("1.5s")]
    [InlineData("500ms")]
    public void Format_parses_back(string text) =>
        Assert.Equal(text, GoDuration.Format(GoDuration.Parse(text)));
}
