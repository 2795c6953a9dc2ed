using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// The body of <c>POST /peer/registry</c> with the Go supernode's JSON tags; keys match case-insensitively, as Go's
/// decoder does, so dfget's <c>rawUrl</c>/<c>cid</c>/<c>ip</c> and the swagger's <c>rawURL</c>/<c>cID</c>/<c>IP</c> both work.
/// </summary>
public sealed partial class RegistryRequest
{
    [JsonPropertyName("rawURL")] public string RawUrl { get; set; } = "";
    [JsonPropertyName("taskURL")] public string TaskUrl { get; set; } = "";
    [JsonPropertyName("cID")] public string Cid { get; set; } = "";
    [JsonPropertyName("IP")] public string Ip { get; set; } = "";
    [JsonPropertyName("hostName")] public string HostName { get; set; } = "";
    [JsonPropertyName("port")] public int Port { get; set; }
    [JsonPropertyName("version")] public string Version { get; set; } = "";
    [JsonPropertyName("md5")] public string Md5 { get; set; } = "";
    [JsonPropertyName("identifier")] public string Identifier { get; set; } = "";
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("headers")] public string[]? Headers { get; set; }
    [JsonPropertyName("dfdaemon")] public bool Dfdaemon { get; set; }
    [JsonPropertyName("insecure")] public bool Insecure { get; set; }
    [JsonPropertyName("rootCAs")] public string[]? RootCAs { get; set; }
    [JsonPropertyName("callSystem")] public string CallSystem { get; set; } = "";
    [JsonPropertyName("superNodeIp")] public string SuperNodeIp { get; set; } = "";
    [JsonPropertyName("pattern")] public string Pattern { get; set; } = "";
    [JsonPropertyName("taskId")] public string TaskId { get; set; } = "";
    [JsonPropertyName("fileLength")] public long FileLength { get; set; }
    [JsonPropertyName("filter")] public string[]? Filter { get; set; }
    [JsonPropertyName("asSeed")] public bool AsSeed { get; set; }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Reads a registration: exactly <c>application/x-www-form-urlencoded</c> means a form (Go field names,
    /// unknown keys refused), anything else is JSON whatever its Content-Type (as Go).
    /// </summary>
    public static async Task<RegistryRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (string.Equals(request.ContentType, "application/x-www-form-urlencoded", StringComparison.Ordinal))
            return FromForm(await request.ReadFormAsync(ct));
        // Said plainly: the JSON reader would report an empty body as a missing token at byte 0.
        if (request.ContentLength == 0) throw new RequestException("empty request body");
        try
        {
            return await JsonSerializer.DeserializeAsync<RegistryRequest>(request.Body, Json, ct)
                   ?? throw new RequestException("empty request body");
        }
        catch (JsonException e)
        {
            throw new RequestException($"malformed registration JSON: {e.Message}");
        }
    }

    private static RegistryRequest FromForm(IFormCollection form)
    {
        var r = new RegistryRequest();
        foreach (var (key, values) in form)
        {
            var last = values.Count > 0 ? values[^1] ?? "" : "";
            switch (key.ToLowerInvariant())
            {
                case "ip": r.Ip = last; break;
                case "cid": r.Cid = last; break;
                case "rawurl": r.RawUrl = last; break;
                case "taskurl": r.TaskUrl = last; break;
                case "hostname": r.HostName = last; break;
                case "port": r.Port = ParseInt(key, last); break;
                case "version": r.Version = last; break;
                case "md5": r.Md5 = last; break;
                case "identifier": r.Identifier = last; break;
                case "path": r.Path = last; break;
                case "headers": r.Headers = values.Select(v => v ?? "").ToArray(); break;
                case "dfdaemon": r.Dfdaemon = ParseBool(key, last); break;
                case "insecure": r.Insecure = ParseBool(key, last); break;
                case "callsystem": r.CallSystem = last; break;
                case "supernodeip": r.SuperNodeIp = last; break;
                case "pattern": r.Pattern = last; break;
                case "taskid": r.TaskId = last; break;
                case "filelength": r.FileLength = ParseLong(key, last); break;
                case "filter": r.Filter = values.Select(v => v ?? "").ToArray(); break;
                case "asseed": r.AsSeed = ParseBool(key, last); break;
                default: throw new RequestException($"unknown form key '{key}'");
            }
        }
        return r;
    }

    private static int ParseInt(string key, string v) =>
        int.TryParse(v, out var n) ? n : throw new RequestException($"form key '{key}' is not a number: '{v}'");

    private static long ParseLong(string key, string v) =>
        long.TryParse(v, out var n) ? n : throw new RequestException($"form key '{key}' is not a number: '{v}'");

    private static bool ParseBool(string key, string v) =>
        v.ToLowerInvariant() switch
        {
            "1" or "t" or "true" or "on" => true,
            "" or "0" or "f" or "false" or "off" => false,
            _ => throw new RequestException($"form key '{key}' is not a boolean: '{v}'"),
        };

    /// <summary>The checks of the Go supernode (docs/protocol.md), as one-line messages naming the field.</summary>
    public void Validate()
    {
        if (Ip.Length == 0) throw new RequestException("IP is required");
        if (!IPv4().IsMatch(Ip)) throw new RequestException($"IP '{Ip}' is not an IPv4 address");
        if (Port != 0 && Port is < 15000 or > 65000) throw new RequestException($"port {Port} is outside 15000-65000");
        if (Cid.Length == 0) throw new RequestException("cID is required");
        if (Path.Length == 0) throw new RequestException("path is required");
        // Named without user info or query: either may carry a password or a token.
        if (!IsHttpUrl(RawUrl)) throw new RequestException($"rawURL '{TaskSource.Redacted(RawUrl)}' is not an http(s) URL");
        if (TaskUrl.Length > 0 && !IsHttpUrl(TaskUrl)) throw new RequestException($"taskURL '{TaskSource.Redacted(TaskUrl)}' is not an http(s) URL");
        if (RootCAs is not null)
            foreach (var ca in RootCAs)
                if (!IsBase64(ca)) throw new RequestException("rootCAs must be base64-encoded PEM certificates");
    }

    public static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && u.Host.Length > 0;

    public static bool IsBase64(string s)
    {
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    [GeneratedRegex(@"^(?:(?:25[0-5]|2[0-4]\d|[01]?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d?\d)$")]
    private static partial Regex IPv4();
}

/// <summary>A request the supernode cannot act on; its message names what is wrong.</summary>
public sealed class RequestException(string message) : Exception(message);
