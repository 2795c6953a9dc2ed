using System.Collections.Immutable;
using System.Text.Json;

namespace Supernode.Cdn.Registry;

/// <summary>A platform entry of a manifest list / OCI index.</summary>
public sealed record PlatformManifest(string Digest, string Os, string Architecture, string Variant)
{
    public string Platform => Variant.Length > 0 ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";

    /// <summary>
    /// Whether this entry is one of <paramref name="wanted"/> (<c>os/arch[/variant]</c>, case-insensitive; no variant
    /// matches any). With none wanted every image platform matches; attestations (<c>unknown/unknown</c>) never do:
    /// no pull asks for their blobs.
    /// </summary>
    public bool IsWanted(IReadOnlyCollection<string> wanted)
    {
        if (Os == "unknown" && Architecture == "unknown") return false;
        if (wanted.Count == 0) return true;
        return wanted.Any(w =>
        {
            var parts = w.Split('/');
            return parts[0].Equals(Os, StringComparison.OrdinalIgnoreCase)
                   && parts.Length > 1 && parts[1].Equals(Architecture, StringComparison.OrdinalIgnoreCase)
                   && (parts.Length < 3 || parts[2].Equals(Variant, StringComparison.OrdinalIgnoreCase));
        });
    }
}

/// <summary>
/// A registry manifest, as far as preheating needs it: the layer digests of an image manifest (Docker schema 2,
/// OCI, or the old schema 1), or the per-platform manifests of a manifest list / OCI index.
/// </summary>
public abstract record ImageManifest
{
    public const string DockerV2 = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerV1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerV1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>What a manifest GET accepts: every kind parsed here, the lists first.</summary>
    public static readonly string Accept = string.Join(", ", OciIndex, DockerList, OciManifest, DockerV2, DockerV1Signed, DockerV1);

    public sealed record Image(ImmutableArray<string> LayerDigests) : ImageManifest;

    public sealed record Index(ImmutableArray<PlatformManifest> Manifests) : ImageManifest;

    /// <summary>
    /// Parses a manifest body; <paramref name="contentType"/> decides when the body names no <c>mediaType</c>
    /// (OCI makes it optional). Throws <see cref="FormatException"/> with a readable reason otherwise.
    /// </summary>
    public static ImageManifest Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new FormatException($"the answer is not a manifest (Content-Type {contentType ?? "none"}, not JSON)");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the answer is not a manifest (not a JSON object)");
            var mediaType = Text(root, "mediaType") ?? contentType?.Split(';')[0].Trim() ?? "";
            var schemaVersion = root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
            if (mediaType is DockerList or OciIndex || (mediaType.Length == 0 || mediaType == "application/json") && root.TryGetProperty("manifests", out _))
                return new Index([.. Array(root, "manifests").Select(PlatformOf)]);
            if (mediaType is DockerV2 or OciManifest || schemaVersion == 2 && root.TryGetProperty("layers", out _))
                return new Image(Distinct(Array(root, "layers").Select(l => Digest(l))));
            if (mediaType is DockerV1 or DockerV1Signed || schemaVersion == 1)
                // Schema 1 lists layers top first, repeated for empty layers.
                return new Image(Distinct(Array(root, "fsLayers").Select(l => Digest(l, "blobSum")).Reverse()));
            throw new FormatException($"unsupported manifest type '{(mediaType.Length > 0 ? mediaType : "none")}'");
        }
    }

    private static PlatformManifest PlatformOf(JsonElement m)
    {
        var platform = m.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        string Field(string name) => platform.ValueKind == JsonValueKind.Object ? Text(platform, name) ?? "" : "";
        return new PlatformManifest(Digest(m), Field("os"), Field("architecture"), Field("variant"));
    }

    private static ImmutableArray<string> Distinct(IEnumerable<string> digests) => [.. digests.Distinct(StringComparer.Ordinal)];

    private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray()
            : throw new FormatException($"the manifest has no '{name}' list");

    private static string Digest(JsonElement e, string name = "digest") =>
        Text(e, name) is { } d && d.Contains(':') && !d.Contains('/')
            ? d
            : throw new FormatException($"a manifest entry has no valid '{name}'");

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
