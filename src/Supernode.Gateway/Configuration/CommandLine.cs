using System.Globalization;
using System.Text;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// The command line, parsed the way Go's pflag does: <c>--flag value</c> or <c>--flag=value</c>; a boolean
/// flag stands alone or takes <c>=value</c>; a repeated flag keeps its last value, a list flag collects them all.
/// </summary>
internal sealed record CommandLine(string? ConfigPath, IReadOnlyDictionary<Setting, RawValue> Values)
{
    private const string HelpFlag = "--help";
    private const string ConfigFlag = "--config";

    private static readonly Dictionary<string, string> ShortFlags = new(StringComparer.Ordinal)
    {
        ["-D"] = "--debug",
        ["-h"] = HelpFlag,
    };

    private static readonly Dictionary<string, Setting> SettingsByFlag =
        Settings.All.Where(s => s.Flag is not null).ToDictionary(s => s.Flag!, StringComparer.Ordinal);

    /// <summary>Whether <c>--help</c> or <c>-h</c> is among the arguments.</summary>
    public static bool AsksForHelp(IEnumerable<string> args) =>
        args.Any(arg => arg is HelpFlag or "-h" || arg.StartsWith(HelpFlag + "=", StringComparison.Ordinal));

    /// <exception cref="ConfigurationException">An unknown flag, a flag without its value, or a stray argument.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? configPath = null;
        var values = new Dictionary<Setting, RawValue>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
                throw new ConfigurationException($"unexpected argument {ConfigurationException.Quote(arg)}: flags start with --, see --help");

            var equals = arg.IndexOf('=');
            var name = equals < 0 ? arg : arg[..equals];
            string? inline = equals < 0 ? null : arg[(equals + 1)..];
            name = ShortFlags.GetValueOrDefault(name, name);

            if (name == HelpFlag) continue;

            var setting = SettingsByFlag.GetValueOrDefault(name);
            if (setting is null && name != ConfigFlag && !Settings.IgnoredFlags.Contains(name))
                throw new ConfigurationException($"unknown flag {name}, see --help");

            string text;
            if (inline is not null) text = inline;
            else if (setting is { IsSwitch: true }) text = "true";
            else if (i + 1 < args.Count) text = args[++i];
            else throw new ConfigurationException($"missing value for {name} ({setting?.Path ?? "config file path"})");

            if (name == ConfigFlag) configPath = text;
            else if (setting is not null)
                values[setting] = setting.IsList && values.TryGetValue(setting, out var earlier)
                    ? earlier with { Text = $"{earlier.Text},{text}" }
                    : new RawValue(text, $"{name} ({setting.Path})");
        }
        return new CommandLine(configPath, values);
    }

    /// <summary>The <c>--help</c> text, with each flag's effective default taken from <paramref name="defaults"/>.</summary>
    public static string Usage(SupernodeOptions defaults, string defaultConfigPath)
    {
        var rows = new List<(string Flag, string Text)>
        {
            ($"{ConfigFlag} path", $"YAML config file (default {defaultConfigPath}; ignored when that default is missing)"),
        };
        foreach (var setting in Settings.All.Where(s => s.Flag is not null))
        {
            var flag = setting.IsSwitch ? setting.Flag! : $"{setting.Flag} {setting.ValueName}";
            // A default that depends on other settings is explained in the description itself.
            var description = setting.Description.Contains("(default", StringComparison.Ordinal)
                ? setting.Description
                : $"{setting.Description} (default {Display(setting.Render(defaults))})";
            rows.Add((flag, description));
        }
        rows.Add(($"{HelpFlag}, -h", "print this help"));

        var width = rows.Max(row => row.Flag.Length) + 2;
        var text = new StringBuilder("Usage: supernode [flags]\n\nFlags:\n");
        foreach (var (flag, description) in rows) text.Append("  ").Append(flag.PadRight(width)).Append(description).Append('\n');
        text.Append("\nEvery setting can also be set in the config file (section.key) or in the environment as\n")
            .Append("SUPERNODE_SECTION.KEY or SUPERNODE_SECTION_KEY, e.g. SUPERNODE_BASE_LISTENPORT=8002.\n")
            .Append("Precedence: flag > environment > config file > default.\n");
        return text.ToString();
    }

    private static string Display(object rendered) => rendered switch
    {
        IEnumerable<string> items => string.Join(",", items),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(rendered, CultureInfo.InvariantCulture) ?? "",
    };
}
