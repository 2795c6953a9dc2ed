using System.Diagnostics;
using System.Globalization;
using Supernode.Testing;

// Churn: every second, new tasks are registered by new peers, pulled a few times and abandoned. With short GC
// timeouts the supernode must forget them as fast as they come: live entities and managed memory level off.
// Usage: supernode-soak [minutes (default 10)] [tasks per second (default 20)]
var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var perSecond = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

using var dir = new TempDir("supernode-soak");
var config = dir.Combine("supernode.yml");
await File.WriteAllTextAsync(config, """
    base:
      gcInitialDelay: 1s
      gcMetaInterval: 5s
      taskExpireTime: 10s
      peerGCDelay: 5s
    """);
await using var origin = new LoopbackOrigin();
await origin.StartAsync();
await using var supernode = new SupernodeProcess(dir.Combine("home"), "--config", config);
await supernode.StartAsync();
var client = new SupernodeClient(supernode);

Console.WriteLine($"soak: {minutes} min, {perSecond} new tasks and peers per second; GC: taskExpireTime 10s, peerGCDelay 5s, every 5s");
Console.WriteLine($"{"min",6} {"tasks made",11} {"task entities",14} {"peer entities",14} {"managed MB",11} {"RSS MB",8}");
var clock = Stopwatch.StartNew();
var made = 0;
var samples = new List<(double Min, int Tasks, int Peers, double ManagedMb)>();
var nextSample = TimeSpan.Zero;
var end = TimeSpan.FromMinutes(minutes);
while (clock.Elapsed < end)
{
    var second = clock.Elapsed;
    await Task.WhenAll(Enumerable.Range(0, perSecond).Select(async _ =>
    {
        var n = Interlocked.Increment(ref made);
        var path = $"/churn/{n}.bin";
        origin.Serve(path, [(byte)n, (byte)(n >> 8), 42]);
        var registration = DfgetRegistration.For(origin.Url(path), n) with { Port = 15000 + n % 50000, HostName = $"host{n}" };
        var answer = await client.RegisterAsync(registration);
        if (answer.Status != System.Net.HttpStatusCode.OK) return;
        var taskId = answer.Json.GetProperty("data").GetProperty("taskId").GetString();
        for (var pull = 0; pull < 3; pull++)
            await client.GetAsync($"/peer/task?srcCid={registration.Cid}&dstCid=&range=&result=502&status=700&taskId={taskId}");
    }));
    if (clock.Elapsed >= nextSample)
    {
        var shards = (await client.GetAsync("/api/v1/cluster/shards")).Json;
        var tasks = shards.GetProperty("task").GetProperty("entities").GetInt32();
        var peers = shards.GetProperty("peer").GetProperty("entities").GetInt32();
        var managed = shards.GetProperty("managedMemoryBytes").GetInt64() / 1048576.0;
        var rss = RssMb(supernode);
        samples.Add((clock.Elapsed.TotalMinutes, tasks, peers, managed));
        Console.WriteLine($"{clock.Elapsed.TotalMinutes,6:0.0} {made,11} {tasks,14} {peers,14} {managed,11:0.0} {rss,8:0}");
        nextSample += TimeSpan.FromSeconds(30);
    }
    var rest = TimeSpan.FromSeconds(1) - (clock.Elapsed - second);
    if (rest > TimeSpan.Zero) await Task.Delay(rest);
}

// Level: the last third of the samples grows no more than 50 % over the middle third.
var third = Math.Max(1, samples.Count / 3);
var middle = samples.Skip(third).Take(third).ToList();
var last = samples.TakeLast(third).ToList();
bool Flat(Func<(double Min, int Tasks, int Peers, double ManagedMb), double> of) => last.Max(of) <= 1.5 * Math.Max(1, middle.Max(of));
var level = Flat(s => s.Tasks) && Flat(s => s.Peers) && Flat(s => s.ManagedMb);
Console.WriteLine($"soak: {made} tasks in {clock.Elapsed.TotalMinutes:0.0} min; live entities and managed memory {(level ? "level off" : "KEEP GROWING")}");
return level ? 0 : 1;

static double RssMb(SupernodeProcess p)
{
    try
    {
        var pid = p.ProcessId;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}
