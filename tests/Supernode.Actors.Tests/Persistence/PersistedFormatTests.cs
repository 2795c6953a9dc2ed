using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Supernode.Actors.Peers;
using Supernode.Actors.Preheat;
using Supernode.Actors.Protocol;
using Supernode.Actors.Tasks;
using Supernode.Testing;

namespace Supernode.Actors.Tests.Persistence;

/// <summary>
/// Journals outlive versions: a rolling upgrade replays events and snapshots the previous version wrote. Fixed copies
/// of every persisted type, as each format version wrote them (<c>formats/v{n}/{manifest}.json</c>), must be read
/// back whole by the current code; the newest version's copies are exactly what the current code writes. The rule
/// for changing a format is in docs/cluster.md ("Persisted formats").
/// </summary>
public sealed class PersistedFormatTests : IDisposable
{
    /// <summary>The format version the current code writes.</summary>
    private const int CurrentVersion = 4;

    private static readonly string FormatsDir = Path.Combine(RepoPaths.Root, "tests", "Supernode.Actors.Tests", "Persistence", "formats");

    private readonly ActorSystem _system = ActorSystem.Create("formats-test");
    private readonly SupernodeSerializer _serializer;

    public PersistedFormatTests() => _serializer = new SupernodeSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Every_persisted_type_has_a_sample()
    {
        var persisted = SupernodeSerializer.KnownTypes
            .Where(t => typeof(ITaskEvent).IsAssignableFrom(t) || typeof(IPeerEvent).IsAssignableFrom(t) || typeof(IPreheatEvent).IsAssignableFrom(t)
                        || t == typeof(TaskState) || t == typeof(TaskGroupState) || t == typeof(PeerState) || t == typeof(PreheatState))
            .Select(t => t.FullName).Order();
        Assert.Equal(persisted, PersistedSamples.All.Values.Select(s => s.GetType().FullName).Order());
        Assert.All(PersistedSamples.All, s => Assert.Equal(s.Key, _serializer.Manifest(s.Value)));
    }

    /// <summary>
    /// A change of what the current code writes fails here: keep the old version's files, add the next version's
    /// (SUPERNODE_WRITE_FORMATS=1 writes the missing ones) and raise <see cref="CurrentVersion"/>.
    /// </summary>
    [Fact]
    public void The_current_code_writes_exactly_the_current_versions_copies()
    {
        var dir = Path.Combine(FormatsDir, $"v{CurrentVersion}");
        foreach (var (manifest, sample) in PersistedSamples.All)
        {
            var written = Encoding.UTF8.GetString(_serializer.ToBinary(sample));
            var path = Path.Combine(dir, manifest + ".json");
            if (!File.Exists(path) && Environment.GetEnvironmentVariable("SUPERNODE_WRITE_FORMATS") == "1")
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(path, written);
            }
            Assert.True(File.Exists(path), $"no copy of {manifest} in v{CurrentVersion}; the current code writes:\n{written}");
            Assert.Equal(File.ReadAllText(path), written);
        }
    }

    public static TheoryData<string, string> Copies()
    {
        var copies = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(FormatsDir, "*.json", SearchOption.AllDirectories).Order())
            copies.Add(Path.GetFileName(Path.GetDirectoryName(file))!, Path.GetFileNameWithoutExtension(file));
        return copies;
    }

    /// <summary>Every field of every copy ever written comes back with its value (a renamed or removed property does not).</summary>
    [Theory]
    [MemberData(nameof(Copies))]
    public void Every_copy_ever_written_is_read_back_whole(string version, string manifest)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FormatsDir, version, manifest + ".json"));
        var read = _serializer.FromBinary(bytes, manifest);
        var original = JsonNode.Parse(bytes)!;
        var again = JsonNode.Parse(_serializer.ToBinary(read))!;
        Assert.Equal([], Lost(original, again, "$"));
    }

    /// <summary>The paths of <paramref name="original"/> whose value <paramref name="again"/> does not carry.</summary>
    private static IEnumerable<string> Lost(JsonNode? original, JsonNode? again, string path)
    {
        switch (original)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (again is JsonObject a && a.ContainsKey(name))
                        foreach (var lost in Lost(value, a[name], $"{path}.{name}")) yield return lost;
                    else yield return $"{path}.{name}";
                }
                break;
            case JsonArray o when again is JsonArray a && a.Count == o.Count:
                for (var i = 0; i < o.Count; i++)
                    foreach (var lost in Lost(o[i], a[i], $"{path}[{i}]")) yield return lost;
                break;
            default:
                if (!JsonNode.DeepEquals(original, again)) yield return path;
                break;
        }
    }
}
