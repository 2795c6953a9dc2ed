using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Supernode.PeerSimulator.Wire;

/// <summary>
/// Writes a JSON object the way Go's encoding/json writes dfget's request structs: keys in struct order,
/// <c>omitempty</c> honoured by the caller, and Go's string escaping (&lt; &gt; &amp; as \u003c…, non-ASCII kept).
/// </summary>
internal sealed class GoJsonObject
{
    private readonly StringBuilder _sb = new("{");

    public GoJsonObject String(string name, string value)
    {
        Key(name);
        AppendString(value);
        return this;
    }

    public GoJsonObject StringOmitEmpty(string name, string? value) => string.IsNullOrEmpty(value) ? this : String(name, value);

    public GoJsonObject Number(string name, long value)
    {
        Key(name);
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public GoJsonObject NumberOmitZero(string name, long value) => value == 0 ? this : Number(name, value);

    /// <summary>Go writes float64 in the shortest form that round-trips, without exponent in the range durations take.</summary>
    public GoJsonObject NumberOmitZero(string name, double value)
    {
        if (value == 0) return this;
        Key(name);
        _sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    public GoJsonObject TrueOmitFalse(string name, bool value)
    {
        if (!value) return this;
        Key(name);
        _sb.Append("true");
        return this;
    }

    public GoJsonObject StringsOmitEmpty(string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return this;
        Key(name);
        _sb.Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) _sb.Append(',');
            AppendString(values[i]);
        }
        _sb.Append(']');
        return this;
    }

    public override string ToString() => _sb.ToString() + "}";

    private void Key(string name)
    {
        if (_sb.Length > 1) _sb.Append(',');
        AppendString(name);
        _sb.Append(':');
    }

    private void AppendString(string s)
    {
        _sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: _sb.Append(c); break;
            }
        }
        _sb.Append('"');
    }
}

/// <summary>Reads answers the way Go's encoding/json does: keys match case-insensitively, an exact match wins.</summary>
internal static class GoJsonReader
{
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object) return false;
        if (obj.TryGetProperty(name, out value)) return true;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }
        return false;
    }

    /// <summary>A missing or null field is Go's zero value; a field of the wrong type fails the whole decode, as in Go.</summary>
    public static long Int(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number ? v.GetInt64() : throw new FormatException($"{name} is not a number")
            : 0;

    public static string Str(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{name} is not a string")
            : "";
}
