using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>The <c>pkg/rate</c> and <c>pkg/fileutils</c> vectors of the Go supernode</summary>
public class ByteQuantityTests
{
    private const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    [Theory]
    [InlineData("5m", 5 * MiB)]
    [InlineData("5M", 5 * MiB)]
    [InlineData("5MB", 5 * MiB)]
    [InlineData("1B", 1)]
    [InlineData("100", 100)]
    [InlineData("0", 0)]
    [InlineData("10K", 10 * KiB)]
    [InlineData("10KB", 10 * KiB)]
    [InlineData("10k", 10 * KiB)]
    [InlineData("10G", 10 * GiB)]
    [InlineData("10GB", 10 * GiB)]
    [InlineData("10g", 10 * GiB)]
    [InlineData("20M", 20 * MiB)]
    [InlineData("20MB", 20 * MiB)]
    [InlineData("20m", 20 * MiB)]
    public void Rate_parses_1024_based_units(string text, long bytes) =>
        Assert.Equal(bytes, ByteQuantity.ParseRate(text));

    [Theory]
    [InlineData("10xx")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("10 MB")]
    [InlineData("10mb")]
    [InlineData("10b")]
    [InlineData("1.5M")]
    [InlineData("10M\n")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999G")]
    public void Rate_rejects_other_forms(string text) =>
        Assert.Throws<FormatException>(() => ByteQuantity.ParseRate(text));

    [Theory]
    [InlineData("0B", 0)]
    [InlineData("1B", 1)]
    [InlineData("10G", 10 * GiB)]
    [InlineData("100GB", 100 * GiB)]
    [InlineData("5G", 5 * GiB)]
    [InlineData("1024", KiB)]
    [InlineData("3MB", 3 * MiB)]
    [InlineData("7K", 7 * KiB)]
    public void FileSize_parses_1024_based_units(string text, long bytes) =>
        Assert.Equal(bytes, ByteQuantity.ParseFileSize(text));

    [Theory]
    [InlineData("-1")]
    [InlineData("10b")]
    [InlineData("10g")]
    [InlineData("10k")]
    [InlineData("GB")]
    [InlineData("")]
    public void FileSize_rejects_other_forms(string text) =>
        Assert.Throws<FormatException>(() => ByteQuantity.ParseFileSize(text));

    [Theory]
    [InlineData(1, "1B")]
    [InlineData(1024, "1KB")]
    [InlineData(3 * MiB, "3MB")]
    [InlineData(0, "0B")]
    [InlineData(20 * MiB, "20MB")]
    [InlineData(100 * GiB, "100GB")]
    [InlineData(1536, "1536B")]
    [InlineData(1536 * KiB, "1536KB")]
    public void Format_uses_the_largest_whole_unit(long bytes, string text) =>
        Assert.Equal(text, ByteQuantity.Format(bytes));
}
