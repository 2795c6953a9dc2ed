using System.Security.Cryptography;
using System.Text;

namespace Supernode.Actors.Tasks;

/// <summary>
/// How a download is named: the Go supernode's taskId (sha256 over a fixed key, the task URL, the md5 or
/// identifier, and a Range header), so that a dfget pull of the same URL lands on the same task whichever
/// supernode computed it.
/// </summary>
public static class TaskIdentity
{
    /// <summary>The 32-byte key of the Go supernode; it frames every taskId and preheat id.</summary>
    public const string Key = ">I$pg-~AS~sP'rqu_`Oh&lz#9]\"=;nE%";

    public static string Compute(string taskUrl, string? md5, string? identifier, string? rangeHeader)
    {
        var sign = !string.IsNullOrEmpty(md5) ? md5 : identifier ?? "";
        var input = Key + taskUrl + sign + (rangeHeader ?? "") + Key;
        return Sha256Hex(input);
    }

    /// <summary>Task id of a registration: the Range value is taken from the converted header map, key exactly "Range".</summary>
    public static string Compute(string taskUrl, string? md5, string? identifier, IReadOnlyDictionary<string, string>? headers) =>
        Compute(taskUrl, md5, identifier, headers is not null && headers.TryGetValue("Range", out var r) ? r : null);

    public static string Sha256Hex(string input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));

    /// <summary>
    /// Removes the query parameters whose key is exactly one of <paramref name="filterKeys"/> (Go FilterURLParam).
    /// </summary>
    public static string FilterUrl(string url, IReadOnlyCollection<string>? filterKeys)
    {
        if (filterKeys is null || filterKeys.Count == 0) return url;
        var q = url.IndexOf('?');
        if (q < 0) return url;
        var query = url[(q + 1)..];
        if (string.IsNullOrWhiteSpace(query)) return url;
        var kept = query.Split('&').Where(p =>
        {
            var eq = p.IndexOf('=');
            var key = eq < 0 ? p : p[..eq];
            return !filterKeys.Contains(key);
        }).ToArray();
        return kept.Length == 0 ? url[..q] : url[..q] + "?" + string.Join('&', kept);
    }

    /// <summary>
    /// Turns dfget's "K:V" header list into a map (Go ConvertHeaders): split at the first ':', both sides
    /// trimmed, entries without ':' or with an empty value dropped, repeated keys joined with ','.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? ConvertHeaders(IEnumerable<string>? headers)
    {
        if (headers is null) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in headers)
        {
            var colon = h.IndexOf(':');
            if (colon < 0) continue;
            var key = h[..colon].Trim();
            var value = h[(colon + 1)..].Trim();
            if (value.Length == 0) continue;
            map[key] = map.TryGetValue(key, out var existing) ? existing + "," + value : value;
        }
        return map.Count == 0 ? null : map;
    }
}
