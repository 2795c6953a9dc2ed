using System.Collections;
using Supernode.Gateway.Configuration;
using Supernode.Gateway.Hosting;

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");

if (ConfigurationLoader.IsHelpRequested(args))
{
    Console.WriteLine(ConfigurationLoader.Usage());
    return 0;
}

// Sub-commands of the Go supernode, `version` and `config default` (the defaults on this host), and ours:
// `config show`, what the flags, the environment and the config file make of them.
if (args is ["version", ..] or ["--version", ..])
{
    Console.WriteLine(SupernodeVersion.Describe());
    return 0;
}
var configCommand = args is ["config", "default" or "show", ..] ? args[1] : null;

SupernodeOptions options;
try
{
    options = configCommand == "default"
        ? ConfigurationLoader.Load([], environment.Where(e => e.Key == "HOME").ToDictionary(), _ => null)
        : ConfigurationLoader.Load(configCommand is null ? args : args[2..], environment);
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"supernode: {e.Message}");
    return 2;
}

if (configCommand is not null)
{
    Console.Write(options.ToYaml());
    return 0;
}

if (StartupChecks.FirstProblem(options) is { } problem)
{
    Console.Error.WriteLine($"supernode: {problem}");
    return 1;
}

try
{
    var app = SupernodeHost.Build(options);
    StartupBanner.Log(app.Logger, options, ConfigurationLoader.ConfigFileRead(args, environment));
    await app.RunAsync();
    return 0;
}
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    // Taken between the check and the start: Kestrel names the address it could not bind.
    var port = e.Message.Contains($":{options.Base.DownloadPort}:", StringComparison.Ordinal) ? options.Base.DownloadPort : options.Base.ListenPort;
    Console.Error.WriteLine($"supernode: {StartupChecks.PortInUse(options, port, (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" "))}");
    return 1;
}
