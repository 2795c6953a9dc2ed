using System.Text;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// The configuration cannot be used. The message is a single line that names the setting and the bad value,
/// so the host can print it as is and exit.
/// </summary>
public sealed class ConfigurationException(string message) : Exception(message)
{
    /// <summary><c>invalid value "abc" for --port (base.listenPort): not a port number 1-65535</c>.</summary>
    internal static ConfigurationException InvalidValue(RawValue value, string reason) =>
        new($"invalid value {Quote(value.Text)} for {value.Origin}: {reason}");

    /// <summary>The text in quotes with control characters escaped, so the message stays on one line.</summary>
    internal static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return quoted.Append('"').ToString();
    }
}
