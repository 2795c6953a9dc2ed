using System.Collections.Immutable;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Preheat;

public enum PreheatType
{
    /// <summary>One file: its task is warmed.</summary>
    File = 0,
    /// <summary>A registry v2 manifest URL: the task of every layer blob is warmed.</summary>
    Image = 1,
}

/// <summary>What an operator (or Harbor) asked to warm, as <c>POST /preheats</c> gave it.</summary>
/// <param name="Filter">Query keys, separated by <c>&amp;</c>, that do not name the file (signatures, expiry).</param>
/// <param name="Headers">Sent to the source (registry or file server); may carry credentials: stored, never logged or shown.</param>
/// <param name="Platforms">For a multi-platform image, the <c>os/arch[/variant]</c> to warm; empty for all.</param>
public sealed record PreheatRequest(
    PreheatType Type,
    string Url,
    string Filter,
    string Identifier,
    ImmutableSortedDictionary<string, string> Headers,
    ImmutableArray<string> Platforms)
{
    /// <summary>
    /// The Go supernode's preheat id (docs/protocol.md): the taskId formula over the URL filtered with
    /// <c>split(filter, "&amp;")</c> (an empty filter removes query parameters without a name), the identifier
    /// and the Range header. The id of a file preheat is the taskId a dfget of the same URL registers.
    /// </summary>
    public string Id => TaskIdentity.Compute(TaskIdentity.FilterUrl(Url, Filter.Split('&')), null, Identifier,
        Headers.TryGetValue("Range", out var range) ? range : null);

    /// <summary>The URL for logs and views: its password (if any) masked.</summary>
    public string SafeUrl => TaskSource.WithoutPassword(Url);

    /// <summary>
    /// The task of a file preheat, as dfget would register it: the task URL without the filter keys, the
    /// identifier, the headers (a Range header names a part of the file).
    /// </summary>
    public TaskSource FileSource() => Source(Url,
        Filter.Length == 0 ? Url : TaskIdentity.FilterUrl(Url, Filter.Split('&')), Identifier, Headers);

    /// <summary>The one task a file preheat warms; its id equals the job's id unless a filter or Range header differs.</summary>
    public PreheatLayer FileLayer()
    {
        var source = FileSource();
        return new PreheatLayer("", Url, TaskIdentity.Compute(source.TaskUrl, null, source.Identifier, source.Headers));
    }

    /// <summary>The task a later pull of a layer blob registers: dfdaemon sends the blob URL, no identifier, no Range.</summary>
    public static PreheatLayer BlobLayer(ImageLayer blob) => new(blob.Digest, blob.Url, TaskIdentity.Compute(blob.Url, null, null, (string?)null));

    /// <summary>A task source with no md5 and the default TLS settings, as a dfget or dfdaemon pull describes it.</summary>
    public static TaskSource Source(string rawUrl, string taskUrl, string identifier, ImmutableSortedDictionary<string, string> headers) =>
        new(rawUrl, taskUrl, "", identifier, headers, Insecure: false, RootCAs: ImmutableArray<string>.Empty);

    /// <summary>Header names whose values are credentials: views show them masked.</summary>
    public static bool IsSecretHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SecretWords = ["token", "secret", "password", "key", "auth"];

    /// <summary>The headers as ops may see them: credentials masked.</summary>
    public ImmutableSortedDictionary<string, string> SafeHeaders =>
        Headers.ToImmutableSortedDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? "***" : h.Value, StringComparer.Ordinal);
}
