using YamlDotNet.Serialization;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// Writes options as a <c>supernode.yml</c> (what <c>supernode config default</c> prints): every setting in
/// catalogue order, secrets masked, and the local storage plugin only when it moves the repository.
/// </summary>
internal static class OptionsYaml
{
    public static string Render(SupernodeOptions options)
    {
        var document = new Dictionary<string, object>();
        foreach (var setting in Settings.All)
        {
            if (!document.TryGetValue(setting.Section, out var section))
                document[setting.Section] = section = new Dictionary<string, object>();
            ((Dictionary<string, object>)section)[setting.Key] = setting switch
            {
                _ when Settings.Secret.Contains(setting) => Secrets.MaskToken((string)setting.Render(options)),
                _ when setting == Settings.ConnectionString => Secrets.MaskConnectionString(options.Database.ConnectionString),
                _ => setting.Render(options),
            };
        }
        if (options.RepoDir != Path.Combine(options.Base.HomeDir, "repo"))
        {
            var localStorage = new Dictionary<string, object>
            {
                ["name"] = "local",
                ["enabled"] = true,
                ["config"] = new SerializerBuilder().DisableAliases().Build().Serialize(new Dictionary<string, string> { ["baseDir"] = options.RepoDir }),
            };
            document["plugins"] = new Dictionary<string, object> { ["storage"] = new[] { localStorage } };
        }
        return new SerializerBuilder().DisableAliases().Build().Serialize(document);
    }
}
