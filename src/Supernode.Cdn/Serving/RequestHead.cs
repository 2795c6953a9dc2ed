using System.Text;

namespace Supernode.Cdn.Serving;

/// <summary>
/// The head of one HTTP/1.x request on the download port, read only for what serving a CDN file needs: the method,
/// the raw target, <c>Range</c>, whether the connection stays open, and whether a body follows (none is read: the
/// connection is closed after the answer instead). A single LF ends a line as CRLF does (RFC 9112 §2.2).
/// </summary>
public sealed record RequestHead(string Method, string RawTarget, string? Range, bool IsHttp10, bool KeepAlive, bool HasBody, int Length)
{
    /// <summary>What reading a head from the bytes received so far gave.</summary>
    public enum Outcome
    {
        Complete,
        /// <summary>More bytes are needed.</summary>
        Incomplete,
        BadRequest,
        /// <summary>414: the request line is longer than allowed.</summary>
        LineTooLong,
        /// <summary>431: too many or too large header fields.</summary>
        HeadersTooLarge,
        /// <summary>505: not HTTP/1.0 or HTTP/1.1.</summary>
        VersionNotSupported,
    }

    /// <summary>Reads a head from the start of <paramref name="bytes"/>; <paramref name="head"/> is set when complete.</summary>
    public static Outcome TryRead(ReadOnlySpan<byte> bytes, ConnectionLimits limits, out RequestHead? head)
    {
        head = null;
        var lineEnd = bytes.IndexOf((byte)'\n');
        if (lineEnd < 0) return bytes.Length > limits.MaxRequestLineBytes ? Outcome.LineTooLong : Outcome.Incomplete;
        if (lineEnd + 1 > limits.MaxRequestLineBytes) return Outcome.LineTooLong;
        if (ParseRequestLine(TrimCr(bytes[..lineEnd]), out var method, out var target, out var minor) is { } refused) return refused;

        string? range = null;
        bool? connectionClose = null, connectionKeepAlive = null;
        var hasBody = false;
        var hasHost = false;
        var count = 0;
        var at = lineEnd + 1;
        while (true)
        {
            var rest = bytes[at..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
                return at - lineEnd - 1 + rest.Length > limits.MaxHeaderBytes ? Outcome.HeadersTooLarge : Outcome.Incomplete;
            if (at - lineEnd - 1 + end + 1 > limits.MaxHeaderBytes) return Outcome.HeadersTooLarge;
            var line = TrimCr(rest[..end]);
            at += end + 1;
            if (line.IsEmpty) break;
            if (++count > limits.MaxHeaderCount) return Outcome.HeadersTooLarge;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon])) return Outcome.BadRequest;
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IndexOfAnyInRange((byte)0, (byte)8) >= 0 || value.IndexOfAnyInRange((byte)10, (byte)31) >= 0 || value.Contains((byte)127))
                return Outcome.BadRequest;
            var name = line[..colon];
            if (Is(name, "Host"u8)) hasHost = true;
            else if (Is(name, "Range"u8)) range = range is null ? Encoding.Latin1.GetString(value) : $"{range},{Encoding.Latin1.GetString(value)}";
            else if (Is(name, "Content-Length"u8)) hasBody |= !value.SequenceEqual("0"u8);
            else if (Is(name, "Transfer-Encoding"u8)) hasBody = true;
            else if (Is(name, "Connection"u8))
            {
                foreach (var option in Encoding.Latin1.GetString(value).Split(',', StringSplitOptions.TrimEntries))
                {
                    if (option.Equals("close", StringComparison.OrdinalIgnoreCase)) connectionClose = true;
                    else if (option.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)) connectionKeepAlive = true;
                }
            }
        }
        // HTTP/1.1 requires Host (RFC 9112 §3.2); nginx and Kestrel refuse a request without it.
        if (minor == 1 && !hasHost) return Outcome.BadRequest;
        var keepAlive = connectionClose != true && (minor == 1 || connectionKeepAlive == true);
        head = new RequestHead(method, target, range, minor == 0, keepAlive, hasBody, at);
        return Outcome.Complete;
    }

    private static Outcome? ParseRequestLine(ReadOnlySpan<byte> line, out string method, out string target, out int minor)
    {
        method = target = "";
        minor = 0;
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1) return Outcome.BadRequest;
        var version = line[(lastSpace + 1)..];
        if (!version.StartsWith("HTTP/"u8)) return Outcome.BadRequest;
        if (version.SequenceEqual("HTTP/1.1"u8)) minor = 1;
        else if (!version.SequenceEqual("HTTP/1.0"u8)) return Outcome.VersionNotSupported;
        var methodBytes = line[..firstSpace];
        var targetBytes = line[(firstSpace + 1)..lastSpace];
        if (!IsToken(methodBytes) || targetBytes.IndexOfAnyInRange((byte)0, (byte)32) >= 0 || targetBytes.Contains((byte)127))
            return Outcome.BadRequest;
        method = Encoding.ASCII.GetString(methodBytes);
        target = Encoding.Latin1.GetString(targetBytes);
        return null;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.EndsWith("\r"u8) ? line[..^1] : line;

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => Ascii.EqualsIgnoreCase(name, expected);

    /// <summary>RFC 9110 §5.6.2 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && s.IndexOfAnyExcept(TokenChars) < 0;

    private static readonly System.Buffers.SearchValues<byte> TokenChars =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);
}
