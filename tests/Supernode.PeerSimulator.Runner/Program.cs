using System.Globalization;
using Supernode.PeerSimulator;

// peersim: runs N simulated dfget 1.0.6 peers (always --notbs), or clients of the REST protocol, against a supernode for one URL and prints a summary.
// Exit code 0 when every peer succeeded, 1 when one failed, 2 on bad arguments.

const string Usage = """
    usage: peersim -u URL [options]
      -u, --url URL              source URL to download (required)
      -n, --node host[:port],... supernode list, repeatable (default 127.0.0.1:8002)
      -c, --peers N              number of simulated peers (default 3)
      -o, --output DIR           output directory (default: a new temp dir, removed at the end)
          --ip IP                peers' ip, in 127.0.0.0/8 (default 127.0.0.1)
          --shared-uploader      one uploader for all peers, as dfget on one host (default: one each)
          --timeout SECONDS      overall timeout per download (default: dfget's, from the file length)
          --locallimit BYTES     per-download rate limit in bytes/s, 0 = unlimited (default 20971520, dfget's)
          --md5 HEX | --identifier ID | --header 'K: V' (repeatable) | --filter KEY (repeatable) | --callsystem NAME
          --protocol dfget|rest  what the peers speak: dfget 1.0.6's /peer/* calls (default) or the REST protocol
          --fault corrupt|notfound|reset   uploader fault for the peers in --fault-peers (default: all)
          --fault-peers I,J,...  peer indexes (from 0) whose uploaders misbehave
          --fault-pieces P,Q,... piece numbers affected (default: all)
          --vanish-after N       faulty uploaders vanish after serving N pieces
          --die-after N          peers in --die-peers die after receiving N pieces
          --die-peers I,J,...    (default: all)
          --linger SECONDS       keep uploaders serving after the downloads (default 0), then stop gracefully
          --seed N               base seed for the peers' random choices
          --json FILE            also write every peer's result as JSON to FILE
          --progress             print "progress N" (pieces received by all peers) every 200 ms while downloading
    """;

if (args is ["-h"] or ["--help"])
{
    Console.WriteLine(Usage);
    return 0;
}

try
{
    var o = Parse(args);
    var output = o.Output ?? Path.Combine(Path.GetTempPath(), $"peersim-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}");
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };

    await using var shared = o.SharedUploader ? await Uploader.StartAsync(o.Ip, ct: stop.Token) : null;
    int exit;
    await using (var fleet = await PeerFleet.StartAsync(o.Peers, i => new PeerOptions
    {
        Supernodes = o.Nodes,
        Url = o.Url,
        OutputDirectory = output,
        OutputFileName = $"peer{i}.bin",
        Ip = o.Ip,
        SharedUploader = shared,
        Timeout = o.Timeout,
        LocalLimit = o.LocalLimit,
        Md5 = o.Md5,
        Identifier = o.Identifier,
        Headers = o.Headers,
        Filter = o.Filter,
        Protocol = o.Protocol,
        CallSystem = o.CallSystem,
        Seed = o.Seed is { } s ? s + i : null,
        UploadFaults = Selected(o.FaultPeers, i) && (o.Fault != ServeFault.None || o.VanishAfter is not null)
            ? new UploadFaults(o.Fault, o.FaultPieces, o.VanishAfter)
            : UploadFaults.None,
        DieAfterPieces = Selected(o.DiePeers, i) ? o.DieAfter : null,
    }, stop.Token))
    {
        Console.WriteLine($"peersim: {o.Peers} peers, {o.Url} via {string.Join(',', o.Nodes)}, files in {output}");
        using var downloading = new CancellationTokenSource();
        var progress = o.Progress ? PrintProgressAsync(fleet, downloading.Token) : Task.CompletedTask;
        var result = await fleet.DownloadAllAsync(stop.Token);
        await downloading.CancelAsync();
        await progress;
        Console.Write(result.FormatSummary());
        if (o.Json is { } json) await File.WriteAllTextAsync(json, FleetJson.Write(result), stop.Token);
        exit = result.Failed == 0 ? 0 : 1;
        if (o.Linger > TimeSpan.Zero) await Task.Delay(o.Linger, stop.Token);
    }
    if (o.Output is null) Directory.Delete(output, recursive: true);
    return exit;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"peersim: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("peersim: interrupted");
    return 1;
}

static bool Selected(IReadOnlySet<int>? indexes, int i) => indexes is null || indexes.Contains(i);

static async Task PrintProgressAsync(PeerFleet fleet, CancellationToken ct)
{
    while (!ct.IsCancellationRequested)
    {
        Console.WriteLine($"progress {fleet.Peers.Sum(p => p.ReceivedPieces)}");
        try
        {
            await Task.Delay(200, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

static RunnerOptions Parse(string[] args)
{
    var o = new RunnerOptions();
    var nodes = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        var name = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
        int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name}: not a number");
        IReadOnlySet<int> Ints() => Value().Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw new ArgumentException($"{name}: not a list of numbers")).ToHashSet();
        switch (name)
        {
            case "-u" or "--url": o.Url = Value(); break;
            case "-n" or "--node": nodes.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
            case "-c" or "--peers": o.Peers = Int(); break;
            case "-o" or "--output": o.Output = Path.GetFullPath(Value()); break;
            case "--ip": o.Ip = Value(); break;
            case "--shared-uploader": o.SharedUploader = true; break;
            case "--timeout": o.Timeout = TimeSpan.FromSeconds(Int()); break;
            case "--locallimit": o.LocalLimit = Int(); break;
            case "--md5": o.Md5 = Value(); break;
            case "--identifier": o.Identifier = Value(); break;
            case "--header": o.Headers.Add(Value()); break;
            case "--filter": o.Filter.Add(Value()); break;
            case "--protocol":
                o.Protocol = Value() switch
                {
                    "dfget" => ClientProtocol.Dfget,
                    "rest" => ClientProtocol.Rest,
                    var other => throw new ArgumentException($"--protocol must be dfget or rest, not '{other}'"),
                };
                break;
            case "--callsystem": o.CallSystem = Value(); break;
            case "--fault":
                o.Fault = Value() switch
                {
                    "corrupt" => ServeFault.Corrupt,
                    "notfound" => ServeFault.NotFound,
                    "reset" => ServeFault.Reset,
                    var f => throw new ArgumentException($"unknown fault '{f}'"),
                };
                break;
            case "--fault-peers": o.FaultPeers = Ints(); break;
            case "--fault-pieces": o.FaultPieces = Ints(); break;
            case "--vanish-after": o.VanishAfter = Int(); break;
            case "--die-after": o.DieAfter = Int(); break;
            case "--die-peers": o.DiePeers = Ints(); break;
            case "--linger": o.Linger = TimeSpan.FromSeconds(Int()); break;
            case "--seed": o.Seed = Int(); break;
            case "--json": o.Json = Path.GetFullPath(Value()); break;
            case "--progress": o.Progress = true; break;
            default: throw new ArgumentException($"unknown option '{name}'");
        }
    }
    if (string.IsNullOrEmpty(o.Url)) throw new ArgumentException("--url is required");
    if (o.Peers < 1) throw new ArgumentException("--peers must be at least 1");
    if (nodes.Count > 0) o.Nodes = nodes;
    return o;
}

internal sealed class RunnerOptions
{
    public string Url { get; set; } = "";
    public IReadOnlyList<string> Nodes { get; set; } = ["127.0.0.1:8002"];
    public int Peers { get; set; } = 3;
    public string? Output { get; set; }
    public string Ip { get; set; } = "127.0.0.1";
    public bool SharedUploader { get; set; }
    public TimeSpan? Timeout { get; set; }
    public long LocalLimit { get; set; } = 20 * 1024 * 1024;
    public string? Md5 { get; set; }
    public string? Identifier { get; set; }
    public List<string> Headers { get; } = [];
    public List<string> Filter { get; } = [];
    public ClientProtocol Protocol { get; set; } = ClientProtocol.Dfget;
    public string? CallSystem { get; set; }
    public ServeFault Fault { get; set; }
    public IReadOnlySet<int>? FaultPeers { get; set; }
    public IReadOnlySet<int>? FaultPieces { get; set; }
    public int? VanishAfter { get; set; }
    public int? DieAfter { get; set; }
    public IReadOnlySet<int>? DiePeers { get; set; }
    public TimeSpan Linger { get; set; }
    public int? Seed { get; set; }
    public string? Json { get; set; }
    public bool Progress { get; set; }
}
