using System.Globalization;
using System.Text;

namespace Supernode.Cdn;

/// <summary>
/// JSON strings written as Go's <c>encoding/json</c> Marshal writes them, so <c>.meta</c> files are byte-identical
/// to the Go supernode's: HTML characters (<c>&lt; &gt; &amp;</c>), control characters and U+2028/U+2029 as
/// <c>\u00XX</c>, only <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c> as short escapes, everything else as UTF-8.
/// </summary>
internal static class GoJsonString
{
    public static void Append(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    // A lone surrogate is invalid UTF-8 in Go's eyes: it writes the replacement character.
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                        sb.Append("\\ufffd");
                    else if (char.IsHighSurrogate(c))
                        sb.Append(c).Append(value[++i]);
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
