using System.Text;
using System.Text.Json.Nodes;

namespace Supernode.Gateway.Tests.EndToEnd.Support;

/// <summary>
/// Values no well-behaved client sends, drawn from a seeded <see cref="Random"/> so a failing run can be repeated:
/// wrong types, empty and huge strings, control characters, encodings of path traversal, numbers out of every range,
/// and URLs that only ever point at a closed loopback port.
/// </summary>
public sealed class HostileValues(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Texts =
    [
        "", " ", "\t", "null", "undefined", "NaN", "-1", "0", "4294967296", "99999999999999999999999", "1e308", "-0",
        "true", "[]", "{}", "\"", "'", "\\", "%", "%00", "%zz", "%2e%2e%2f", "../../../../etc/passwd", "..\\..\\windows",
        "\u0000", "\u0001\u0002", "\r\nX-Injected: 1", "ü", "𝄞", "\uFEFF", "<script>", "'; DROP TABLE journal; --",
        "http://", "http://127.0.0.1:1/fuzz", "https://127.0.0.1:1/fuzz?x=%00", "ftp://127.0.0.1:1/f", "file:///etc/passwd",
        "http://[::1]:1/f", "http://user:pass@127.0.0.1:1/f", "//127.0.0.1:1/f", "127.0.0.1", "1.2.3", "999.1.1.1",
        "a_b!", "ACS", "DESC", "700", "701", "702", "500", "501", "503", "0-", "-", "3-2", "1 -3", "0-4194303",
        "FILE_NOT_EXIST", "X", new string('e', 64), new string('E', 64), new string('g', 64), new string('a', 63),
    ];

    public string Text() => _random.Next(10) switch
    {
        0 => new string((char)_random.Next(0x20, 0x7f), _random.Next(1, 4096)),
        1 => RandomUnicode(_random.Next(1, 64)),
        _ => Texts[_random.Next(Texts.Length)],
    };

    /// <summary>Hostile text a header can carry (printable ASCII: the client refuses anything else).</summary>
    public string HeaderText() => new([.. Text().Where(c => c is >= ' ' and <= '~')]);

    /// <summary>A value for a field of this JSON type: mostly of another type, sometimes of its own but absurd.</summary>
    public JsonNode? For(string type) => _random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0 ? long.MinValue : long.MaxValue),
        2 => JsonValue.Create(_random.NextDouble() * 1e20 - 5e19),
        3 => JsonValue.Create(_random.Next(2) == 0),
        4 => new JsonArray(JsonValue.Create(Text()), JsonValue.Create(_random.Next())),
        5 => new JsonObject { [Text()] = Text() },
        _ => type == "integer" ? JsonValue.Create(_random.Next(-70000, 70000)) : JsonValue.Create(Text()),
    };

    /// <summary>A body of this content type: a JSON object of the known fields with hostile values, or not JSON at all.</summary>
    public string Body(IReadOnlyList<(string Name, string Type)> fields, string contentType)
    {
        switch (_random.Next(6))
        {
            case 0: return Text();
            case 1: return "{\"" + Text().Replace("\"", "") + "\":";
            case 2: return "[" + new string('[', _random.Next(1, 2000));
        }
        if (contentType == "application/x-www-form-urlencoded")
            return string.Join('&', fields.Where(_ => _random.Next(3) > 0)
                .Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(Text())));
        var body = new JsonObject();
        foreach (var (name, type) in fields)
            if (_random.Next(4) > 0) body[_random.Next(8) == 0 ? name.ToUpperInvariant() : name] = For(type);
        if (_random.Next(4) == 0) body[Text()] = For("string");
        return body.ToJsonString();
    }

    /// <summary>A path segment: hostile text, escaped so it stays one segment (or not, now and then).</summary>
    public string Segment() => _random.Next(5) == 0 ? Text().Replace("?", "").Replace("#", "") : Uri.EscapeDataString(Text());

    /// <summary>A query string over the known names (some missing, some twice) and one unknown name now and then.</summary>
    public string Query(IReadOnlyList<(string Name, string Type)> names)
    {
        var pairs = new List<string>();
        foreach (var (name, _) in names)
            for (var n = _random.Next(4) switch { 0 => 0, 3 => 2, _ => 1 }; n > 0; n--)
                pairs.Add(name + "=" + Uri.EscapeDataString(Text()));
        if (_random.Next(4) == 0) pairs.Add(Uri.EscapeDataString(Text()) + "=" + Uri.EscapeDataString(Text()));
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    public bool OneIn(int n) => _random.Next(n) == 0;

    private string RandomUnicode(int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = (char)_random.Next(1, 0xD7FF);
            sb.Append(c);
        }
        return sb.ToString();
    }
}
