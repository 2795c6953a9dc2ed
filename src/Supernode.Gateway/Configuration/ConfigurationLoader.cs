using System.Security.Cryptography;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// Builds the <see cref="SupernodeOptions"/> of this replica from the command line, the environment and the
/// config file, with the Go supernode's precedence: flag &gt; environment &gt; config file &gt; default.
/// Every value is checked here, so the host either gets usable options or a one-line error to print.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>Read when <c>--config</c> is not given, and silently skipped when it does not exist, as in Go.</summary>
    public const string DefaultConfigPath = "/etc/dragonfly/supernode.yml";

    /// <inheritdoc cref="Load(string[], IReadOnlyDictionary{string, string}, Func{string, string?})"/>
    public static SupernodeOptions Load(string[] args, IReadOnlyDictionary<string, string> environment) =>
        Load(args, environment, path => File.Exists(path) ? File.ReadAllText(path) : null);

    /// <param name="args">The command-line flags, without the program name or a sub-command.</param>
    /// <param name="environment">The environment variables; <c>HOME</c> sets the default home directory.</param>
    /// <param name="readFile">Returns a file's text, or null when the file does not exist.</param>
    /// <exception cref="ConfigurationException">A setting is unknown, malformed or out of range, or the config file is missing or invalid.</exception>
    /// <exception cref="InvalidOperationException"><c>--help</c> is among the arguments: print <see cref="Usage"/> instead.</exception>
    public static SupernodeOptions Load(string[] args, IReadOnlyDictionary<string, string> environment, Func<string, string?> readFile)
    {
        if (IsHelpRequested(args)) throw new InvalidOperationException("--help was given: print ConfigurationLoader.Usage() instead of loading");

        var commandLine = CommandLine.Parse(args);
        var fromEnvironment = EnvironmentVariables.Read(environment);
        var file = ReadConfigFile(commandLine, environment, readFile);

        var raw = new Dictionary<Setting, RawValue>();
        foreach (var setting in Settings.All)
        {
            if (commandLine.Values.TryGetValue(setting, out var value) ||
                fromEnvironment.TryGetValue(setting, out value) ||
                file.Values.TryGetValue(setting, out value))
                raw[setting] = value;
        }
        var values = raw.ToDictionary(entry => entry.Key, entry => entry.Value.ParseWith(entry.Key.Parse));
        return Build(values, raw, file.StorageBaseDir, environment.GetValueOrDefault("HOME"));
    }

    /// <summary>Whether the arguments ask for <see cref="Usage"/> rather than a start.</summary>
    public static bool IsHelpRequested(string[] args) => CommandLine.AsksForHelp(args);

    /// <summary>The <c>--help</c> text: every flag with its default on this host.</summary>
    public static string Usage() =>
        CommandLine.Usage(Load([], new Dictionary<string, string>(), _ => null), DefaultConfigPath);

    /// <summary>The config file <see cref="Load(string[], IReadOnlyDictionary{string, string})"/> reads for these arguments, or null when none.</summary>
    public static string? ConfigFileRead(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var path = ConfigPath(CommandLine.Parse(args), environment)?.Text ?? DefaultConfigPath;
        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    private static RawValue? ConfigPath(CommandLine commandLine, IReadOnlyDictionary<string, string> environment) =>
        commandLine.ConfigPath is { } flagPath ? new RawValue(flagPath, "--config")
        : environment.GetValueOrDefault(EnvironmentVariables.ConfigPath) is { Length: > 0 } envPath ? new RawValue(envPath, EnvironmentVariables.ConfigPath)
        : null;

    private static ConfigFile ReadConfigFile(CommandLine commandLine, IReadOnlyDictionary<string, string> environment, Func<string, string?> readFile)
    {
        var given = ConfigPath(commandLine, environment);
        var path = given?.Text ?? DefaultConfigPath;
        string? text;
        try { text = readFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read config file {path}: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (text is not null) return ConfigFile.Parse(text, path);
        return given is { } explicitPath ? throw ConfigurationException.InvalidValue(explicitPath, "no such file") : ConfigFile.None;
    }

    /// <summary>
    /// Applies the given values over the defaults, section by section. Defaults that depend on other settings
    /// (cluster addresses, the SQLite file) are computed from the sections already built.
    /// </summary>
    private static SupernodeOptions Build(Dictionary<Setting, object> values, Dictionary<Setting, RawValue> raw, string? storageBaseDir, string? home)
    {
        var @base = Apply(new BaseOptions { HomeDir = BaseOptions.DefaultHomeDir(home) }, values);
        CheckBandwidths(@base, raw);
        CheckPorts(@base, raw);

        // A replica without seed nodes is a cluster of one: its remoting stays on loopback, on any free port.
        var seeded = Apply(new ClusterOptions { Host = "", Port = 0, PublicHost = "" }, values).SeedNodes.Count > 0;
        var cluster = Apply(new ClusterOptions
        {
            Host = seeded ? @base.ListenIP : "127.0.0.1",
            Port = seeded ? ClusterOptions.DefaultSeededPort : 0,
            PublicHost = seeded ? @base.AdvertiseIP : "127.0.0.1",
        }, values);

        var database = Apply(new DatabaseOptions { ConnectionString = "" }, values);
        if (database.ConnectionString.Length == 0)
            database = database with { ConnectionString = DefaultConnectionString(database.Provider, @base.HomeDir) };
        CheckConnectionString(database);

        var security = Apply(new SecurityOptions(), values);
        CheckTls(security, raw);

        var options = new SupernodeOptions
        {
            Base = @base,
            Cluster = cluster,
            Database = database,
            Security = security,
        };
        return storageBaseDir is null ? options : options with { RepoDir = storageBaseDir };
    }

    private static TSection Apply<TSection>(TSection section, Dictionary<Setting, object> values) =>
        values.Aggregate(section, (current, entry) =>
            entry.Key is ISectionSetting<TSection> setting ? setting.Apply(current, entry.Value) : current);

    /// <summary>The CDN is throttled to maxBandwidth − systemReservedBandwidth, which must leave something.</summary>
    private static void CheckBandwidths(BaseOptions @base, Dictionary<Setting, RawValue> raw)
    {
        if (@base.MaxBandwidth > @base.SystemReservedBandwidth) return;
        throw raw.TryGetValue(Settings.MaxBandwidth, out var max)
            ? ConfigurationException.InvalidValue(max, $"must be greater than {Settings.SystemReservedBandwidth.Path} ({ByteQuantity.Format(@base.SystemReservedBandwidth)})")
            : ConfigurationException.InvalidValue(raw[Settings.SystemReservedBandwidth], $"must be less than {Settings.MaxBandwidth.Path} ({ByteQuantity.Format(@base.MaxBandwidth)})");
    }

    /// <summary>The API and the download port are two listeners: one port cannot serve both.</summary>
    private static void CheckPorts(BaseOptions @base, Dictionary<Setting, RawValue> raw)
    {
        if (@base.ListenPort != @base.DownloadPort) return;
        throw raw.TryGetValue(Settings.DownloadPort, out var download)
            ? ConfigurationException.InvalidValue(download, $"the same port as {Settings.ListenPort.Flag} ({Settings.ListenPort.Path})")
            : ConfigurationException.InvalidValue(raw[Settings.ListenPort], $"the same port as {Settings.DownloadPort.Flag} ({Settings.DownloadPort.Path})");
    }

    /// <summary>
    /// Each certificate is loaded once here, so a missing file, a wrong password or a certificate without its key
    /// stops the start with one line rather than failing the first handshake. The password is never quoted.
    /// </summary>
    private static void CheckTls(SecurityOptions security, Dictionary<Setting, RawValue> raw)
    {
        foreach (var group in Settings.TlsGroups)
        {
            var files = group.Files(security);
            if (!files.IsSet)
            {
                // A key without its certificate would silently leave the port on plain HTTP.
                foreach (var lone in new[] { group.Key, group.Password })
                    if (raw.TryGetValue(lone, out var given) && given.Text.Length > 0)
                        throw new ConfigurationException($"{given.Origin} is set but {group.Certificate.Path} ({group.Certificate.Flag}) is not");
                continue;
            }
            var certificate = raw[group.Certificate];
            if (!File.Exists(files.Certificate)) throw ConfigurationException.InvalidValue(certificate, "no such file");
            if (files.Key.Length > 0 && !File.Exists(files.Key)) throw ConfigurationException.InvalidValue(raw[group.Key], "no such file");
            try
            {
                files.Load().Dispose();
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw ConfigurationException.InvalidValue(certificate, $"cannot load the certificate: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    /// <summary>
    /// The connection string parses for its provider. The value is not quoted: it may hold the database password.
    /// </summary>
    private static void CheckConnectionString(DatabaseOptions database)
    {
        try
        {
            _ = database.Provider == DatabaseProvider.Sqlite
                ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource
                : new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Host;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ConfigurationException(
                $"invalid value for {Settings.ConnectionString.Flag} ({Settings.ConnectionString.Path}), not shown: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static string DefaultConnectionString(DatabaseProvider provider, string homeDir) => provider switch
    {
        DatabaseProvider.Sqlite => $"Data Source={Path.Combine(homeDir, "supernode.db")}",
        _ => throw new ConfigurationException(
            $"missing {Settings.ConnectionString.Path} ({Settings.ConnectionString.Flag}, {Settings.ConnectionString.EnvironmentNames.Last()}): " +
            $"required when database.provider is {provider.ToString().ToLowerInvariant()}"),
    };
}
