using System.Text.Json;

namespace Supernode.Gateway.Tests.EndToEnd.Support;

/// <summary>The CDN files of a supernode home dir, where docs/protocol.md puts them: <c>&lt;home&gt;/repo/download/&lt;id[0:3]&gt;/&lt;id&gt;</c>.</summary>
public sealed record Repo(string HomeDir)
{
    public string DataPath(string taskId) => Path.Combine(HomeDir, "repo", "download", taskId[..3], taskId);

    public string MetaPath(string taskId) => DataPath(taskId) + ".meta";

    public string Md5Path(string taskId) => DataPath(taskId) + ".md5";

    /// <summary>The <c>.meta</c> JSON of the task (docs/protocol.md).</summary>
    public JsonElement Meta(string taskId)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(MetaPath(taskId)));
        return doc.RootElement.Clone();
    }
}
