namespace Supernode.Cdn;

/// <summary>
/// An accepted answer of the source to a download request: its body, unread, and what it says about the content.
/// </summary>
/// <param name="ContentLength">Length of the whole content (−1 unknown): Content-Length of a fresh answer,
/// the total of <c>Content-Range</c> of a resumed one.</param>
/// <param name="LastModified">Last-Modified in Unix milliseconds, 0 when absent or unparsable.</param>
/// <param name="ETag">ETag as received, quotes included; empty when absent.</param>
public sealed class OriginDownload(HttpResponseMessage response, Stream body, long contentLength, long lastModified, string eTag)
    : IDisposable
{
    public Stream Body { get; } = body;
    public int StatusCode => (int)response.StatusCode;
    public long ContentLength { get; } = contentLength;
    public long LastModified { get; } = lastModified;
    public string ETag { get; } = eTag;

    public void Dispose()
    {
        Body.Dispose();
        response.Dispose();
    }
}
