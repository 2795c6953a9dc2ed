using System.Globalization;
using System.Text;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// Durations in Go's <c>time.ParseDuration</c> syntax (<c>3m</c>, <c>2h0m0s</c>, <c>10m30s</c>, <c>1.5s</c>,
/// <c>500ms</c>), because existing supernode.yml files and scripts use it. Printed the way Go prints them.
/// </summary>
internal static class GoDuration
{
    private const long NsPerTick = 100;
    private const long NsPerSecond = 1_000_000_000;

    private static readonly Dictionary<string, long> NsPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1_000, ["\u00b5s"] = 1_000, ["\u03bcs"] = 1_000, ["ms"] = 1_000_000,
        ["s"] = NsPerSecond, ["m"] = 60 * NsPerSecond, ["h"] = 3600 * NsPerSecond,
    };

    /// <summary>Parses a Go duration; a bare number other than 0 has no unit and is rejected, as in Go.</summary>
    public static TimeSpan Parse(string text)
    {
        const string expected = "not a duration like 90s, 3m, 1h30m or 500ms";
        var s = text.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        if (s is "0") return TimeSpan.Zero;
        if (s.IsEmpty) throw new FormatException(expected);

        decimal totalNs = 0;
        while (!s.IsEmpty)
        {
            var numberLength = s.IndexOfAnyExcept("0123456789.");
            if (numberLength < 0) numberLength = s.Length;
            if (numberLength == 0) throw new FormatException(expected);
            var number = s[..numberLength];
            if (number is "." || number.Count('.') > 1) throw new FormatException(expected);
            s = s[numberLength..];

            var unitLength = s.IndexOfAny("0123456789.");
            var unit = (unitLength < 0 ? s : s[..unitLength]).ToString();
            if (!NsPerUnit.TryGetValue(unit, out var unitNs))
                throw new FormatException(unit.Length == 0 ? $"{expected} (missing unit)" : $"{expected} (unknown unit \"{unit}\")");
            s = unitLength < 0 ? [] : s[unitLength..];

            totalNs += decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unitNs;
            if (totalNs > long.MaxValue) throw new FormatException($"{expected} (too large)");
        }
        var ticks = (long)(totalNs / NsPerTick);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    /// <summary>Go's <c>Duration.String()</c>: <c>3m0s</c>, <c>2h0m0s</c>, <c>1.5s</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ns = (Int128)duration.Ticks * NsPerTick;
        if (ns == 0) return "0s";
        var text = new StringBuilder(ns < 0 ? "-" : "");
        var u = Int128.Abs(ns);
        if (u < 1_000) return text.Append(u).Append("ns").ToString();
        if (u < 1_000_000) return AppendFraction(text, u, 3).Append("\u00b5s").ToString();
        if (u < NsPerSecond) return AppendFraction(text, u, 6).Append("ms").ToString();

        var seconds = u / NsPerSecond;
        var (hours, minutes) = (seconds / 3600, seconds / 60 % 60);
        if (hours > 0) text.Append(hours).Append('h');
        if (hours > 0 || minutes > 0) text.Append(minutes).Append('m');
        return AppendFraction(text, seconds % 60 * NsPerSecond + u % NsPerSecond, 9).Append('s').ToString();
    }

    /// <summary>Appends <paramref name="value"/> / 10^<paramref name="decimals"/> without trailing zeros.</summary>
    private static StringBuilder AppendFraction(StringBuilder text, Int128 value, int decimals)
    {
        Int128 unit = 1;
        for (var i = 0; i < decimals; i++) unit *= 10;
        text.Append(value / unit);
        var fraction = value % unit;
        if (fraction == 0) return text;
        var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return text.Append('.').Append(digits.TrimEnd('0'));
    }
}
