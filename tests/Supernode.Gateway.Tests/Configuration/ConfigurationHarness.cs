using Supernode.Gateway.Configuration;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>Runs the loader against an in-memory environment and file system.</summary>
internal static class ConfigurationHarness
{
    public const string Home = "/home/tester";

    public static SupernodeOptions Load(string[] args, Dictionary<string, string>? environment = null, Dictionary<string, string>? files = null) =>
        ConfigurationLoader.Load(args, WithHome(environment), path => files?.GetValueOrDefault(path));

    public static SupernodeOptions LoadYaml(string yaml, params string[] args) =>
        Load(args, files: new() { [ConfigurationLoader.DefaultConfigPath] = yaml });

    /// <summary>The message of the <see cref="ConfigurationException"/> the loader throws, checked to be one line.</summary>
    public static string Failure(string[] args, Dictionary<string, string>? environment = null, Dictionary<string, string>? files = null)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(args, environment, files));
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        return error.Message;
    }

    public static string YamlFailure(string yaml) =>
        Failure([], files: new() { [ConfigurationLoader.DefaultConfigPath] = yaml });

    private static Dictionary<string, string> WithHome(Dictionary<string, string>? environment)
    {
        var result = new Dictionary<string, string>(environment ?? []);
        result.TryAdd("HOME", Home);
        return result;
    }
}
