using System.Text.RegularExpressions;

namespace Supernode.Cdn.Serving;

/// <summary>
/// What the download port answers one request, decided before a byte is sent (docs/protocol.md), by whichever server
/// carries it. Only <c>GET</c>/<c>HEAD /download/&lt;3 hex&gt;/&lt;64 hex&gt;</c> whose first segment starts the second
/// is looked up, matched on the raw request target, so no encoding or dot segment can reach another file. The file
/// is opened here and its size read from the open file: a file still being copied is served as far as it is
/// written now, and one deleted after the answer was decided is still sent whole.
/// </summary>
public sealed partial class FileAnswer : IDisposable
{
    private FileAnswer(int status) => Status = status;

    public int Status { get; }

    /// <summary>The open CDN file, for every answer that names one (200, 206, 416).</summary>
    public FileStream? File { get; private init; }

    public long Size { get; private init; }

    public long Offset { get; private init; }

    /// <summary>The bytes of the file the body carries (Content-Length); 0 without a body.</summary>
    public long Count { get; private init; }

    public string? ContentRange { get; private init; }

    /// <summary>Whether bytes of the file follow the head (not for HEAD).</summary>
    public bool SendsBody { get; private init; }

    public bool ServesFile => Status is 200 or 206;

    public static FileAnswer Decide(string repoDir, string method, string rawTarget, string? range, CdnUsage? usage)
    {
        var query = rawTarget.IndexOf('?');
        var match = CdnFilePath().Match(query < 0 ? rawTarget : rawTarget[..query]);
        if (!match.Success || !match.Groups[2].ValueSpan.StartsWith(match.Groups[1].ValueSpan)) return new FileAnswer(404);
        var isHead = method == "HEAD";
        if (!isHead && method != "GET") return new FileAnswer(405);

        var taskId = match.Groups[2].Value;
        var file = Open(Path.Combine(repoDir, CdnRepo.DownloadBucket, match.Groups[1].Value, taskId));
        if (file is null) return new FileAnswer(404);
        var size = file.Length;
        var parsed = ByteRange.Parse(range, size);
        if (parsed.Outcome == ByteRange.Kind.NotSatisfiable)
            return new FileAnswer(416) { File = file, Size = size, ContentRange = $"bytes */{size}" };

        usage?.Served(taskId);
        var partial = parsed.Outcome == ByteRange.Kind.Partial;
        return new FileAnswer(partial ? 206 : 200)
        {
            File = file,
            Size = size,
            Offset = partial ? parsed.Start : 0,
            Count = partial ? parsed.Length : size,
            ContentRange = partial ? $"bytes {parsed.Start}-{parsed.Last}/{size}" : null,
            SendsBody = !isHead,
        };
    }

    /// <summary>Opened for asynchronous reads, as a socket's sendfile needs; null when there is no such file (now).</summary>
    private static FileStream? Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => File?.Dispose();

    [GeneratedRegex("^/download/([0-9a-f]{3})/([0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CdnFilePath();
}
