using System.Globalization;

namespace Supernode.ScaleSimulator;

/// <summary><c>COMMAND [--name value | --flag]…</c>; every option read must be known, unknown ones are an error.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(string[] args, IReadOnlySet<string> flags)
    {
        var hasCommand = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
        Command = hasCommand ? args[0] : "help";
        for (var i = hasCommand ? 1 : 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {args[i]}");
            var name = args[i][2..];
            if (flags.Contains(name)) _options[name] = null;
            else if (i + 1 < args.Length) _options[name] = args[++i];
            else throw new ArgumentException($"--{name} needs a value");
        }
    }

    public string Command { get; }

    public bool Flag(string name) => _read.Add(name) && _options.ContainsKey(name);

    public string? Text(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public double Number(string name, double fallback) =>
        Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public int[] Integers(string name, int[] fallback) =>
        Text(name) is { } v ? [.. v.Split(',').Select(s => int.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))] : fallback;

    public string[] Words(string name, string[] fallback) => Text(name) is { } v ? v.Split(',') : fallback;

    /// <summary>Call after reading every option: a misspelt one must not be silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}");
    }
}
