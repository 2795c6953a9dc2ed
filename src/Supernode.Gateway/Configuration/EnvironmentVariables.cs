namespace Supernode.Gateway.Configuration;

/// <summary>
/// Settings from the environment. Go's viper binds <c>SUPERNODE_BASE.LISTENPORT</c> (prefix, section, dot, key,
/// upper case); shells and Kubernetes manifests cannot set a name with a dot, so <c>SUPERNODE_BASE_LISTENPORT</c>
/// works too. Other <c>SUPERNODE_*</c> variables are ignored: Kubernetes injects some for a service named supernode.
/// </summary>
internal static class EnvironmentVariables
{
    /// <summary>Path of the config file, as <c>--config</c> (viper binds it too).</summary>
    public const string ConfigPath = "SUPERNODE_CONFIG";

    /// <exception cref="ConfigurationException">Both spellings of one setting are set, to different values.</exception>
    public static IReadOnlyDictionary<Setting, RawValue> Read(IReadOnlyDictionary<string, string> environment)
    {
        var values = new Dictionary<Setting, RawValue>();
        foreach (var setting in Settings.All)
        {
            // An empty variable counts as unset, as in viper.
            var given = setting.EnvironmentNames
                .Select(name => new RawValue(environment.GetValueOrDefault(name) ?? "", $"{name} ({setting.Path})"))
                .Where(value => value.Text.Length > 0)
                .ToList();
            if (given.Count == 0) continue;
            if (given.Count > 1 && given[1].Text != given[0].Text)
                throw Settings.Secret.Contains(setting)
                    ? new ConfigurationException($"{given[1].Origin} conflicts with {given[0].Origin}; the values are secret and not shown")
                    : ConfigurationException.InvalidValue(given[1], $"conflicts with {given[0].Origin}, set to {ConfigurationException.Quote(given[0].Text)}");
            values[setting] = given[0];
        }
        return values;
    }
}
