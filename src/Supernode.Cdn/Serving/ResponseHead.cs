using System.Text;

namespace Supernode.Cdn.Serving;

/// <summary>The status line and header fields of a download-port answer, written as the bytes sent.</summary>
public static class ResponseHead
{
    /// <summary>Room for the longest head written here (a 206 with a Content-Range of two 19-digit offsets).</summary>
    public const int MaxBytes = 512;

    /// <summary>The head of <paramref name="answer"/>; <paramref name="keepAlive"/> says whether the connection stays open.</summary>
    public static int Write(Span<byte> into, FileAnswer answer, bool keepAlive, bool http10)
    {
        var w = new Writer(into);
        w.StatusLine(answer.Status);
        if (answer.Status == 405) w.Field("Allow", "GET, HEAD");
        if (answer.File is not null) w.Field("Accept-Ranges", "bytes");
        if (answer.ContentRange is not null) w.Field("Content-Range", answer.ContentRange);
        if (answer.ServesFile) w.Field("Content-Type", "application/octet-stream");
        w.Length(answer.Count);
        w.Connection(keepAlive, http10);
        return w.End();
    }

    /// <summary>The head of an answer without a body that closes the connection (400, 408, 414, 431, 505).</summary>
    public static int WriteRefusal(Span<byte> into, int status)
    {
        var w = new Writer(into);
        w.StatusLine(status);
        w.Length(0);
        w.Connection(keepAlive: false, http10: false);
        return w.End();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "",
    };

    private ref struct Writer(Span<byte> into)
    {
        private readonly Span<byte> _into = into;
        private int _at;

        public void StatusLine(int status)
        {
            Ascii("HTTP/1.1 ");
            Number(status);
            Ascii(" ");
            Ascii(Reason(status));
            Ascii("\r\n");
            Field("Date", HttpDate.Now());
        }

        public void Field(string name, string value)
        {
            Ascii(name);
            Ascii(": ");
            Ascii(value);
            Ascii("\r\n");
        }

        public void Length(long count)
        {
            Ascii("Content-Length: ");
            Number(count);
            Ascii("\r\n");
        }

        /// <summary>HTTP/1.1 stays open unless told; an HTTP/1.0 client that asked to keep it open is told it is.</summary>
        public void Connection(bool keepAlive, bool http10)
        {
            if (!keepAlive) Field("Connection", "close");
            else if (http10) Field("Connection", "keep-alive");
        }

        public int End()
        {
            Ascii("\r\n");
            return _at;
        }

        private void Number(long value)
        {
            value.TryFormat(_into[_at..], out var n, provider: System.Globalization.CultureInfo.InvariantCulture);
            _at += n;
        }

        private void Ascii(string s) => _at += Encoding.ASCII.GetBytes(s, _into[_at..]);
    }
}
