namespace Supernode.Gateway.Configuration;

/// <summary>Every setting of a supernode replica, as <see cref="ConfigurationLoader"/> resolves them.</summary>
public sealed record SupernodeOptions
{
    public BaseOptions Base { get; init; } = new();

    public required ClusterOptions Cluster { get; init; }

    public required DatabaseOptions Database { get; init; }

    public SecurityOptions Security { get; init; } = new();

    /// <summary>
    /// Root of the CDN copies: <c>&lt;homeDir&gt;/repo</c>, unless the <c>local</c> storage plugin of the
    /// config file sets <c>baseDir</c>.
    /// </summary>
    public string RepoDir
    {
        get => field ?? Path.Combine(Base.HomeDir, "repo");
        init;
    }

    /// <summary>Where <c>app.log</c> and <c>dfget.log</c> go.</summary>
    public string LogDir => Path.Combine(Base.HomeDir, "logs");

    /// <summary>The options as a <c>supernode.yml</c> that loads back to the same options; the admin token is masked.</summary>
    public string ToYaml() => OptionsYaml.Render(this);
}
