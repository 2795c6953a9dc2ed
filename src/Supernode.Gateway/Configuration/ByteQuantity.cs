using System.Text.RegularExpressions;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// Byte counts written with 1024-based units, as the Go supernode reads them: <c>pkg/rate</c> for bandwidths
/// (also lower-case <c>k m g</c>) and <c>pkg/fileutils</c> Fsize for disk sizes (upper-case only).
/// </summary>
internal static partial class ByteQuantity
{
    public const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    /// <summary>A bandwidth in bytes per second: <c>100</c>, <c>10K</c>, <c>10KB</c>, <c>10k</c>, <c>5m</c>, <c>1B</c>…</summary>
    public static long ParseRate(string text) =>
        Parse(text, RatePattern(), "a rate like 100, 10K, 20M, 20MB, 20m or 1G (1024-based)");

    /// <summary>A size in bytes: <c>1024</c>, <c>0B</c>, <c>5G</c>, <c>100GB</c>…</summary>
    public static long ParseFileSize(string text) =>
        Parse(text, FileSizePattern(), "a size like 1024, 10K, 20MB or 5GB (1024-based)");

    /// <summary>The largest whole unit, as Go prints it: 0 → <c>0B</c>, 1024 → <c>1KB</c>, 3 MiB → <c>3MB</c>.</summary>
    public static string Format(long bytes)
    {
        if (bytes == 0) return "0B";
        if (bytes % GiB == 0) return $"{bytes / GiB}GB";
        if (bytes % MiB == 0) return $"{bytes / MiB}MB";
        if (bytes % KiB == 0) return $"{bytes / KiB}KB";
        return $"{bytes}B";
    }

    private static long Parse(string text, Regex pattern, string expected)
    {
        var match = pattern.Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, out var number))
            throw new FormatException($"not {expected}");
        var unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" => KiB,
            "M" or "MB" => MiB,
            _ => GiB,
        };
        try { return checked(number * unit); }
        catch (OverflowException) { throw new FormatException($"too large for {expected}"); }
    }

    [GeneratedRegex("^([0-9]+)(|MB?|m|KB?|k|GB?|g|B)\\z")]
    private static partial Regex RatePattern();

    [GeneratedRegex("^([0-9]+)(|[GMK]B?|B)\\z")]
    private static partial Regex FileSizePattern();
}
