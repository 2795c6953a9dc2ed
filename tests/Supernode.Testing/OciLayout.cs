using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Supernode.Testing;

/// <summary>An image in a registry: its manifest URL and, per platform (<c>os/arch</c>), the digests of its layer blobs.</summary>
public sealed record PushedImage(string Name, string Tag, string ManifestUrl, IReadOnlyDictionary<string, IReadOnlyList<string>> LayersByPlatform)
{
    public IReadOnlyList<string> AllLayers => [.. LayersByPlatform.Values.SelectMany(l => l).Distinct()];
}

/// <summary>
/// Writes an OCI image layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/…</c>) that <c>skopeo</c> can push:
/// per platform a config and gzip layer tarballs of seeded random bytes; with more than one platform an image
/// index over the per-platform manifests, as a multi-platform image is published.
/// </summary>
public static class OciLayout
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string IndexType = "application/vnd.oci.image.index.v1+json";

    /// <returns>The layer digests of each platform.</returns>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Write(string dir, string tag, IReadOnlyList<string> platforms, int layersPerPlatform,
        int layerBytes, int seed)
    {
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var layers = new Dictionary<string, IReadOnlyList<string>>();
        var manifests = new JsonArray();
        foreach (var (platform, p) in platforms.Select((platform, p) => (platform, p)))
        {
            var parts = platform.Split('/');
            var layerDescriptors = new JsonArray();
            var diffIds = new JsonArray();
            var digests = new List<string>();
            for (var i = 0; i < layersPerPlatform; i++)
            {
                var (tar, gzip) = Layer($"layer-{p}-{i}.bin", SeededContent.Bytes(layerBytes, seed * 1000 + p * 100 + i));
                var digest = WriteBlob(dir, gzip);
                digests.Add(digest);
                diffIds.Add(Sha256(tar));
                layerDescriptors.Add(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, gzip.Length));
            }
            var config = Json(new JsonObject
            {
                ["architecture"] = parts[1],
                ["os"] = parts[0],
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
            });
            var manifest = Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = ManifestType,
                ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", WriteBlob(dir, config), config.Length),
                ["layers"] = layerDescriptors,
            });
            var entry = Descriptor(ManifestType, WriteBlob(dir, manifest), manifest.Length);
            entry["platform"] = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            manifests.Add(entry);
            layers[platform] = digests;
        }
        JsonObject top;
        if (platforms.Count == 1)
        {
            top = manifests[0]!.AsObject();
            manifests.Clear();
            top.Remove("platform");
        }
        else
        {
            var index = Json(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = IndexType, ["manifests"] = manifests });
            top = Descriptor(IndexType, WriteBlob(dir, index), index.Length);
        }
        top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        File.WriteAllBytes(Path.Combine(dir, "index.json"), Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(top) }));
        return layers;
    }

    private static (byte[] Tar, byte[] Gzip) Layer(string name, byte[] content)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        using var gzip = new MemoryStream();
        // Random bytes do not compress: store them, quickly.
        using (var z = new GZipStream(gzip, CompressionLevel.NoCompression, leaveOpen: true)) z.Write(tar.ToArray());
        return (tar.ToArray(), gzip.ToArray());
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string WriteBlob(string dir, byte[] bytes)
    {
        var digest = Sha256(bytes);
        File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", digest["sha256:".Length..]), bytes);
        return digest;
    }
}
