namespace Supernode.Cdn;

/// <summary>
/// A <c>Range</c> request header read the way nginx (the Go supernode's download port) reads it with
/// <c>max_ranges 1</c>: a header not starting with <c>bytes=</c> is ignored; a syntax error, or ranges none of
/// which overlaps the file, is 416; one satisfiable range is 206; two or more, or a range covering everything
/// from byte 0 of an empty file, are ignored (200 with the whole file). No multipart answers.
/// </summary>
public readonly record struct ByteRange(ByteRange.Kind Outcome, long Start, long Length)
{
    public enum Kind
    {
        /// <summary>Serve the whole file with 200.</summary>
        Whole,
        /// <summary>Serve <see cref="Length"/> bytes from <see cref="Start"/> with 206.</summary>
        Partial,
        /// <summary>Answer 416 with <c>Content-Range: bytes */size</c>.</summary>
        NotSatisfiable,
    }

    public static readonly ByteRange Whole = new(Kind.Whole, 0, 0);
    private static readonly ByteRange Unsatisfiable = new(Kind.NotSatisfiable, 0, 0);

    /// <summary>The end of the range, inclusive, as <c>Content-Range</c> shows it.</summary>
    public long Last => Start + Length - 1;

    /// <summary>A port of nginx's <c>ngx_http_range_parse</c> for a file of <paramref name="size"/> bytes.</summary>
    public static ByteRange Parse(string? header, long size)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return Whole;
        var p = header.AsSpan(6);
        var i = 0;
        ByteRange? found = null;
        while (true)
        {
            long start = 0, end = 0;
            var suffix = false;
            SkipSpaces(p, ref i);
            if (At(p, i) != '-')
            {
                if (!TryDigits(p, ref i, out start)) return Unsatisfiable;
                SkipSpaces(p, ref i);
                if (At(p, i++) != '-') return Unsatisfiable;
                SkipSpaces(p, ref i);
                if (At(p, i) is ',' or '\0')
                {
                    end = size;
                    goto Found;
                }
            }
            else
            {
                suffix = true;
                i++;
            }
            if (!TryDigits(p, ref i, out end)) return Unsatisfiable;
            SkipSpaces(p, ref i);
            if (At(p, i) is not (',' or '\0')) return Unsatisfiable;
            if (suffix)
            {
                start = end < size ? size - end : 0;
                end = size - 1;
            }
            end = end >= size ? size : end + 1;

        Found:
            if (start < end)
            {
                if (found is not null) return Whole;
                found = new ByteRange(Kind.Partial, start, end - start);
            }
            else if (start == 0)
            {
                return Whole;
            }
            if (At(p, i++) != ',') break;
        }
        return found ?? Unsatisfiable;
    }

    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    private static void SkipSpaces(ReadOnlySpan<char> s, ref int i)
    {
        while (At(s, i) == ' ') i++;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, ref int i, out long value)
    {
        value = 0;
        if (At(s, i) is < '0' or > '9') return false;
        while (At(s, i) is >= '0' and <= '9')
        {
            var digit = At(s, i++) - '0';
            if (value > (long.MaxValue - digit) / 10) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
