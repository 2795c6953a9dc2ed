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

// Sub-commands of the Go supernode: `version` and `config default`.
if (args is ["version", ..])
{
    Console.WriteLine(SupernodeVersion.Describe());
    return 0;
}
var printConfig = args is ["config", "default", ..];

SupernodeOptions options;
try
{
    options = ConfigurationLoader.Load(printConfig ? args[2..] : args, environment);
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"supernode: {e.Message}");
    return 2;
}

if (printConfig)
{
    Console.Write(options.ToYaml());
    return 0;
}

try
{
    await SupernodeHost.Build(options).RunAsync();
    return 0;
}
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    // Kestrel names the address it could not bind; the user knows the flag that chose it.
    var b = options.Base;
    var (flag, key, port) = e.Message.Contains($":{b.DownloadPort}:", StringComparison.Ordinal)
        ? ("--download-port", "base.downloadPort", b.DownloadPort)
        : ("--port", "base.listenPort", b.ListenPort);
    var reason = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
    Console.Error.WriteLine($"supernode: cannot listen on {b.ListenIP}:{port} given by {flag} ({key}): {reason}");
    return 1;
}
