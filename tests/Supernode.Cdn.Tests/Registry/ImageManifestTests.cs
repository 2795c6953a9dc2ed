using System.Text;
using Supernode.Cdn.Registry;

namespace Supernode.Cdn.Tests.Registry;

public sealed class ImageManifestTests
{
    private static ImageManifest Parse(string json, string? contentType = null) => ImageManifest.Parse(Encoding.UTF8.GetBytes(json), contentType);

    [Theory]
    [InlineData(ImageManifest.DockerV2)]
    [InlineData(ImageManifest.OciManifest)]
    public void An_image_manifest_lists_its_layers_once_each_in_order(string mediaType)
    {
        var manifest = Parse($$"""
            {"schemaVersion":2,"mediaType":"{{mediaType}}","config":{"digest":"sha256:c","size":1},
             "layers":[{"digest":"sha256:1","size":3},{"digest":"sha256:2","size":3},{"digest":"sha256:1","size":3}]}
            """);
        Assert.Equal(["sha256:1", "sha256:2"], Assert.IsType<ImageManifest.Image>(manifest).LayerDigests.ToArray());
    }

    [Fact]
    public void An_oci_manifest_without_a_media_type_is_known_by_its_content_type_or_its_layers()
    {
        const string json = """{"schemaVersion":2,"config":{"digest":"sha256:c"},"layers":[{"digest":"sha256:1"}]}""";
        Assert.IsType<ImageManifest.Image>(Parse(json, ImageManifest.OciManifest + "; charset=utf-8"));
        Assert.IsType<ImageManifest.Image>(Parse(json));
    }

    [Theory]
    [InlineData(ImageManifest.DockerList)]
    [InlineData(ImageManifest.OciIndex)]
    public void A_list_or_index_names_each_platform_manifest(string mediaType)
    {
        var index = Assert.IsType<ImageManifest.Index>(Parse($$$"""
            {"schemaVersion":2,"mediaType":"{{{mediaType}}}","manifests":[
              {"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}},
              {"digest":"sha256:arm","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
              {"digest":"sha256:att","platform":{"os":"unknown","architecture":"unknown"}}]}
            """));
        Assert.Equal(["linux/amd64", "linux/arm64/v8", "unknown/unknown"], index.Manifests.Select(m => m.Platform));
        Assert.Equal(["sha256:amd", "sha256:arm"], index.Manifests.Where(m => m.IsWanted([])).Select(m => m.Digest));
        Assert.Equal(["sha256:arm"], index.Manifests.Where(m => m.IsWanted(["linux/arm64"])).Select(m => m.Digest));
        Assert.Equal(["sha256:arm"], index.Manifests.Where(m => m.IsWanted(["LINUX/ARM64/v8"])).Select(m => m.Digest));
        Assert.Empty(index.Manifests.Where(m => m.IsWanted(["linux/arm64/v7", "windows/amd64"])));
    }

    [Fact]
    public void A_schema_1_manifest_lists_its_blob_sums_base_layer_first()
    {
        var manifest = Parse("""{"schemaVersion":1,"fsLayers":[{"blobSum":"sha256:top"},{"blobSum":"sha256:empty"},{"blobSum":"sha256:empty"},{"blobSum":"sha256:base"}]}""",
            ImageManifest.DockerV1Signed);
        Assert.Equal(["sha256:base", "sha256:empty", "sha256:top"], Assert.IsType<ImageManifest.Image>(manifest).LayerDigests.ToArray());
    }

    [Theory]
    [InlineData("<html>not json</html>", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"mediaType":"application/vnd.docker.plugin.v1+json"}""", "unsupported manifest type 'application/vnd.docker.plugin.v1+json'")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}""", "no 'layers' list")]
    [InlineData("""{"schemaVersion":2,"layers":[{"digest":"../x"}]}""", "no valid 'digest'")]
    public void Anything_else_is_a_readable_error(string body, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => Parse(body, "text/html")).Message);
}
