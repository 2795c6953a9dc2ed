using System.Text;
using System.Text.Json;

namespace Supernode.Testing;

/// <summary>
/// A <c>POST /peer/registry</c> body as dfget 1.0.6 writes it (docs/protocol.md): the captured key set in the captured
/// order, optional keys only when set. <see cref="For"/> makes the cid, sign and path the way dfget derives them.
/// </summary>
public sealed record DfgetRegistration
{
    public required string RawUrl { get; init; }
    public required string Cid { get; init; }
    public required string Path { get; init; }
    public string? TaskUrl { get; init; }
    public string SuperNodeIp { get; init; } = "127.0.0.1";
    public string Ip { get; init; } = "127.0.0.1";
    public string HostName { get; init; } = "vm";
    public int Port { get; init; } = 49508;
    public string Version { get; init; } = "1.0.6";
    public string Pattern { get; init; } = "p2p";
    public string Md5 { get; init; } = "";
    public string Identifier { get; init; } = "";

    /// <summary>dfget's <c>--header</c>s, as <c>"Name:Value"</c>; sent to the source, and a <c>Range</c> changes the taskId.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Registration number <paramref name="n"/> of a dfget on 127.0.0.1 downloading <paramref name="url"/>.</summary>
    public static DfgetRegistration For(string url, int n = 0)
    {
        // dfget: sign = <pid>-<unix seconds.millis>, cid = <ip>-<sign>, path = /peer/file/<basename(-o)>-<sign>.
        var sign = $"{10000 + n}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3}";
        var name = url[(url.LastIndexOf('/') + 1)..];
        return new DfgetRegistration { RawUrl = url, Cid = $"127.0.0.1-{sign}", Path = $"/peer/file/{name}-{sign}" };
    }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("superNodeIp", SuperNodeIp);
            w.WriteString("rawUrl", RawUrl);
            w.WriteString("taskUrl", TaskUrl ?? RawUrl);
            w.WriteString("cid", Cid);
            w.WriteString("ip", Ip);
            w.WriteString("hostName", HostName);
            w.WriteNumber("port", Port);
            w.WriteString("path", Path);
            w.WriteString("version", Version);
            // dfget sends the identifier only when no md5 is given.
            if (Md5.Length > 0) w.WriteString("md5", Md5);
            else if (Identifier.Length > 0) w.WriteString("identifier", Identifier);
            if (Headers.Count > 0)
            {
                w.WriteStartArray("headers");
                foreach (var h in Headers) w.WriteStringValue(h);
                w.WriteEndArray();
            }
            w.WriteString("pattern", Pattern);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
