using System.Globalization;
using System.Text;
using System.Text.Json;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>
/// A task's <c>.meta</c> file: what the copy on disk is a copy of, how its source identified itself
/// (Last-Modified, ETag) and whether the copy ended well. Same keys, order and encoding as the Go supernode's
/// <c>fileMetaData</c>, so a repo can move between the two.
/// </summary>
public sealed record CdnFileMeta(
    string TaskId,
    string Url,
    int PieceSize,
    long HttpFileLen,
    string BizId,
    long AccessTime,
    long Interval,
    long FileLength,
    string Md5,
    string RealMd5,
    long LastModified,
    string ETag,
    bool Finish,
    bool Success)
{
    /// <summary>The metadata of a copy about to be fetched from scratch.</summary>
    public static CdnFileMeta Fresh(string taskId, TaskSource source, int pieceSize, long httpFileLength, long nowMs) =>
        new(taskId, source.TaskUrl, pieceSize, httpFileLength, source.Identifier, nowMs, 0, 0, source.Md5, "", 0, "", false, false);

    /// <summary>Go checkSameFile: the copy on disk was made for this task, URL, piece size and md5/identifier.</summary>
    public bool IsSameFile(string taskId, TaskSource source, int pieceSize) =>
        TaskId == taskId && PieceSize == pieceSize
        // A task named by its content's digest is that content whichever URL served it.
        && (source.Digest.Length > 0 || (Url == source.TaskUrl && (source.Md5.Length > 0 ? Md5 == source.Md5 : BizId == source.Identifier)));

    /// <summary>Go updateAccessTime: the interval is the time since the previous access (0 if negative).</summary>
    public CdnFileMeta Accessed(long nowMs) => this with { AccessTime = nowMs, Interval = Math.Max(0, nowMs - AccessTime) };

    public string ToJson()
    {
        var sb = new StringBuilder(512);
        sb.Append("{\"taskID\":"); GoJsonString.Append(sb, TaskId);
        sb.Append(",\"url\":"); GoJsonString.Append(sb, Url);
        sb.Append(",\"pieceSize\":").Append(PieceSize.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"httpFileLen\":").Append(HttpFileLen.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"bizId\":"); GoJsonString.Append(sb, BizId);
        sb.Append(",\"accessTime\":").Append(AccessTime.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"interval\":").Append(Interval.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"fileLength\":").Append(FileLength.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"md5\":"); GoJsonString.Append(sb, Md5);
        sb.Append(",\"realMd5\":"); GoJsonString.Append(sb, RealMd5);
        sb.Append(",\"lastModified\":").Append(LastModified.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"eTag\":"); GoJsonString.Append(sb, ETag);
        sb.Append(",\"finish\":").Append(Finish ? "true" : "false");
        sb.Append(",\"success\":").Append(Success ? "true" : "false");
        return sb.Append('}').ToString();
    }

    /// <summary>
    /// Parses a <c>.meta</c> file; null when it is not JSON. Missing keys take Go's zero values, and a missing or
    /// zero piece size reads as 4 MiB, as in Go.
    /// </summary>
    public static CdnFileMeta? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var pieceSize = Int(root, "pieceSize");
            return new CdnFileMeta(
                Str(root, "taskID"),
                Str(root, "url"),
                pieceSize > 0 ? (int)pieceSize : PieceLayout.DefaultPieceSize,
                Int(root, "httpFileLen"),
                Str(root, "bizId"),
                Int(root, "accessTime"),
                Int(root, "interval"),
                Int(root, "fileLength"),
                Str(root, "md5"),
                Str(root, "realMd5"),
                Int(root, "lastModified"),
                Str(root, "eTag"),
                Bool(root, "finish"),
                Bool(root, "success"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    public static CdnFileMeta? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file as a whole (write aside, then rename), so a crash never leaves half a <c>.meta</c>.</summary>
    public void Write(string path) => DurableFile.Replace(path, Encoding.UTF8.GetBytes(ToJson()));

    // Go's decoder matches keys case-insensitively; so do these lookups.
    private static JsonElement? Find(JsonElement root, string key)
    {
        foreach (var p in root.EnumerateObject())
            if (string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static string Str(JsonElement root, string key) =>
        Find(root, key) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "";

    private static long Int(JsonElement root, string key) =>
        Find(root, key) is { ValueKind: JsonValueKind.Number } v ? v.GetInt64() : 0;

    private static bool Bool(JsonElement root, string key) =>
        Find(root, key) is { ValueKind: JsonValueKind.True };
}
