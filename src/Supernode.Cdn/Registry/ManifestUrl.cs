using System.Text.RegularExpressions;

namespace Supernode.Cdn.Registry;

/// <summary>
/// A registry v2 manifest URL, <c>&lt;scheme&gt;://&lt;registry&gt;/v2/&lt;name&gt;/manifests/&lt;tag|digest&gt;</c>, and the
/// URLs derived from it: other manifests and the blobs of the same repository (what dfdaemon pulls).
/// </summary>
/// <param name="Registry"><c>scheme://host[:port]</c>.</param>
public sealed partial record ManifestUrl(string Registry, string Name, string Reference)
{
    public static bool TryParse(string url, out ManifestUrl parsed)
    {
        parsed = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            return false;
        var m = Path().Match(uri.AbsolutePath);
        if (!m.Success) return false;
        parsed = new ManifestUrl(uri.GetLeftPart(UriPartial.Authority), m.Groups["name"].Value, m.Groups["reference"].Value);
        return true;
    }

    public string Url => ManifestOf(Reference);

    public string ManifestOf(string reference) => $"{Registry}/v2/{Name}/manifests/{reference}";

    public string BlobOf(string digest) => $"{Registry}/v2/{Name}/blobs/{digest}";

    public override string ToString() => $"{Name}:{Reference}";

    // Repository names are lower-case path components (distribution's reference grammar); a reference is a tag or a digest.
    [GeneratedRegex(@"^/v2/(?<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)/manifests/(?<reference>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,})$")]
    private static partial Regex Path();
}
