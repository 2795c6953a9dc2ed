using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// A <c>supernode.yml</c>: the Go layout (<c>base:</c>, <c>plugins:</c>, <c>storages:</c>) plus our sections
/// (<c>cluster:</c>, <c>database:</c>, <c>security:</c>). Keys match case-insensitively, as viper's do. An unknown
/// section or key is an error, so a typo cannot silently leave a default in place.
/// </summary>
/// <param name="Values">The settings the file sets, as text.</param>
/// <param name="StorageBaseDir">The <c>baseDir</c> of the enabled <c>local</c> storage plugin, if any.</param>
internal sealed record ConfigFile(IReadOnlyDictionary<Setting, RawValue> Values, string? StorageBaseDir)
{
    public static readonly ConfigFile None = new(new Dictionary<Setting, RawValue>(), null);

    private static readonly string[] SettingSections = ["base", "cluster", "database", "security"];

    /// <exception cref="ConfigurationException">The text is not YAML, or not a supernode config.</exception>
    public static ConfigFile Parse(string yaml, string path)
    {
        var root = Load(yaml, $"config file {path}");
        if (root is null) return None;
        var values = new Dictionary<Setting, RawValue>();
        string? storageBaseDir = null;
        foreach (var (name, node, line) in MappingOf(root, "the top level", path))
        {
            var section = SettingSections.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (section is not null) ReadSection(section, node, path, values);
            else if (name.Equals("plugins", StringComparison.OrdinalIgnoreCase)) storageBaseDir = ReadPlugins(node, path) ?? storageBaseDir;
            else if (!name.Equals("storages", StringComparison.OrdinalIgnoreCase)) // parsed but never used by Go
                throw new ConfigurationException($"unknown key {ConfigurationException.Quote(name)} in {path}:{line}");
        }
        return new ConfigFile(values, storageBaseDir);
    }

    private static void ReadSection(string section, YamlNode node, string path, Dictionary<Setting, RawValue> values)
    {
        foreach (var (key, valueNode, line) in MappingOf(node, section, path))
        {
            var setting = Settings.All.FirstOrDefault(s =>
                s.Section == section && s.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (setting is null)
            {
                if (section == "base" && Settings.IgnoredBaseKeys.Contains(key)) continue;
                throw new ConfigurationException($"unknown key {ConfigurationException.Quote($"{section}.{key}")} in {path}:{line}");
            }
            var origin = $"{setting.Path} in {path}:{line}";
            if (values.ContainsKey(setting)) throw new ConfigurationException($"duplicate key {setting.Path} in {path}:{line}");
            if (TextOf(valueNode, setting.IsList, origin) is { } text) values[setting] = new RawValue(text, origin);
        }
    }

    /// <summary>
    /// <c>plugins: {storage: [{name: local, enabled: true, config: "baseDir: /dir"}]}</c>; Go refuses to start on
    /// any other plugin, and so do we.
    /// </summary>
    private static string? ReadPlugins(YamlNode node, string path)
    {
        string? baseDir = null;
        foreach (var (type, list, line) in MappingOf(node, "plugins", path))
        {
            if (!type.Equals("storage", StringComparison.OrdinalIgnoreCase))
                throw new ConfigurationException($"unknown plugin type {ConfigurationException.Quote($"plugins.{type}")} in {path}:{line}: only storage");
            if (IsNull(list)) continue;
            if (list is not YamlSequenceNode plugins)
                throw new ConfigurationException($"plugins.storage in {path}:{line} must be a list of {{name, enabled, config}}");
            foreach (var plugin in plugins)
                baseDir = ReadStoragePlugin(plugin, path) ?? baseDir;
        }
        return baseDir;
    }

    private static string? ReadStoragePlugin(YamlNode plugin, string path)
    {
        string? name = null, config = null;
        var enabled = false;
        var where = $"plugins.storage in {path}:{plugin.Start.Line}";
        foreach (var (key, node, line) in MappingOf(plugin, "plugins.storage", path))
        {
            var origin = $"plugins.storage.{key} in {path}:{line}";
            var text = TextOf(node, isList: false, origin);
            switch (key.ToLowerInvariant())
            {
                case "name": name = text; break;
                case "enabled": enabled = text is not null && new RawValue(text, origin).ParseWith(ValueKinds.Switch.Parse); break;
                case "config": config = text; break;
                default: throw new ConfigurationException($"unknown key {ConfigurationException.Quote($"plugins.storage.{key}")} in {path}:{line}");
            }
        }
        // Like Go, look only at enabled plugins.
        if (!enabled) return null;
        if (name != "local")
            throw new ConfigurationException($"unknown storage plugin {ConfigurationException.Quote(name ?? "")} in {where}: only \"local\" is supported");
        if (config is null) return null;

        string? baseDir = null;
        var root = Load(config, $"the config of the local storage plugin in {where}");
        if (root is null) return null;
        foreach (var (key, node, _) in MappingOf(root, "plugins.storage.config", path))
        {
            if (!key.Equals("baseDir", StringComparison.OrdinalIgnoreCase))
                throw new ConfigurationException($"unknown key {ConfigurationException.Quote($"plugins.storage.config.{key}")} in {where}: only baseDir");
            var origin = $"plugins.storage.config.baseDir in {where}";
            baseDir = TextOf(node, isList: false, origin) is { } text ? new RawValue(text, origin).ParseWith(ValueKinds.Directory.Parse) : null;
        }
        return baseDir;
    }

    private static YamlNode? Load(string yaml, string what)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new ConfigurationException($"invalid YAML in {what} at line {e.Start.Line}: {e.Message.ReplaceLineEndings(" ")}");
        }
        var root = stream.Documents.FirstOrDefault()?.RootNode;
        return root is null || IsNull(root) ? null : root;
    }

    private static IEnumerable<(string Key, YamlNode Value, long Line)> MappingOf(YamlNode node, string what, string path)
    {
        if (IsNull(node)) yield break;
        if (node is not YamlMappingNode mapping)
            throw new ConfigurationException($"{what} in {path}:{node.Start.Line} must be a mapping of keys");
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new ConfigurationException($"a key of {what} in {path}:{key.Start.Line} is not a plain name");
            yield return (name, value, key.Start.Line);
        }
    }

    /// <summary>A scalar's text; a list's items joined by commas when the setting takes a list; null when empty.</summary>
    private static string? TextOf(YamlNode node, bool isList, string origin)
    {
        if (IsNull(node)) return null;
        if (node is YamlScalarNode scalar) return scalar.Value ?? "";
        if (isList && node is YamlSequenceNode items && items.All(item => item is YamlScalarNode))
            return string.Join(",", items.Cast<YamlScalarNode>().Select(item => item.Value));
        throw new ConfigurationException($"invalid value for {origin}: expected {(isList ? "a list of values" : "a single value")}");
    }

    /// <summary>An empty value (<c>key:</c>, <c>~</c>, <c>null</c>) leaves the default, as in Go.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
