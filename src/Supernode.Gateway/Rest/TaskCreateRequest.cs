using System.Text.Json.Serialization;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;

namespace Supernode.Gateway.Rest;

/// <summary>
/// The documents' TaskCreateRequest (<c>POST /tasks</c>), keys matched case-insensitively. The client is the peer
/// <c>peerID</c> registered with <c>POST /peers</c>; <c>cID</c> names this download and <c>path</c> where its uploader
/// serves its pieces, both required as in dfget's registration. <c>insecure</c> and <c>rootCAs</c> are taken as in
/// TaskRegisterRequest.
/// </summary>
public sealed record TaskCreateRequest(
    [property: JsonPropertyName("cID")] string? Cid,
    [property: JsonPropertyName("callSystem")] string? CallSystem,
    [property: JsonPropertyName("dfdaemon")] bool Dfdaemon,
    [property: JsonPropertyName("fileLength")] long FileLength,
    [property: JsonPropertyName("filter")] string[]? Filter,
    [property: JsonPropertyName("headers")] Dictionary<string, string>? Headers,
    [property: JsonPropertyName("identifier")] string? Identifier,
    [property: JsonPropertyName("md5")] string? Md5,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("peerID")] string? PeerId,
    [property: JsonPropertyName("rawURL")] string? RawUrl,
    [property: JsonPropertyName("supernodeIP")] string? SupernodeIp,
    [property: JsonPropertyName("taskId")] string? TaskId,
    [property: JsonPropertyName("taskURL")] string? TaskUrl,
    [property: JsonPropertyName("insecure")] bool Insecure,
    [property: JsonPropertyName("rootCAs")] string[]? RootCAs)
{
    /// <summary>Longest client id taken: it is a key of every piece report, and echoed in logs.</summary>
    public const int MaxCidLength = 256;

    /// <summary>What is wrong with the request, one line naming the field; null when nothing is.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(Cid) ? "cID is required"
        : Cid.Length > MaxCidLength || Cid.Any(char.IsControl) ? $"cID must be at most {MaxCidLength} printable characters"
        : string.IsNullOrEmpty(PeerId) ? "peerID is required (the ID answered by POST /peers)"
        : string.IsNullOrEmpty(Path) ? "path is required (where the client's uploader serves the pieces it has)"
        : !RegistryRequest.IsHttpUrl(RawUrl ?? "") ? $"rawURL '{TaskSource.Redacted(RawUrl ?? "")}' is not an http(s) URL"
        : !string.IsNullOrEmpty(TaskUrl) && !RegistryRequest.IsHttpUrl(TaskUrl) ? $"taskURL '{TaskSource.Redacted(TaskUrl)}' is not an http(s) URL"
        : Filter?.Any(string.IsNullOrEmpty) == true ? "filter must not hold empty keys"
        : Headers?.Any(h => h.Key.Length == 0 || HasLineBreak(h.Key) || HasLineBreak(h.Value)) == true
            ? "headers must have non-empty names, and no line breaks in names or values"
        : RootCAs?.Any(ca => !RegistryRequest.IsBase64(ca)) == true ? "rootCAs must be base64-encoded PEM certificates"
        : null;

    /// <summary>The registration of this client, who is <paramref name="peer"/>; a <see cref="RequestException"/> when the fields name no task.</summary>
    public TaskCommands.Register ToCommand(PeerAddress peer)
    {
        var (taskId, source) = TaskNaming.Name(new TaskNaming.Fields(
            RawUrl!, TaskUrl ?? "", Filter, Md5 ?? "", Identifier ?? "", Headers, Insecure, RootCAs, TaskId ?? "", FileLength));
        var client = new TaskClient(Cid!, PeerId!, peer.Ip, peer.HostName, peer.Port, Path!, peer.Version, "p2p",
            SupernodeIp ?? "", CallSystem ?? "", Dfdaemon ? "true" : "");
        return new TaskCommands.Register(taskId, source, client);
    }

    private static bool HasLineBreak(string s) => s.AsSpan().IndexOfAny('\r', '\n') >= 0;
}

/// <summary>Where a registered peer's uploader is, as its peer record (or, failing an answer, its id) says.</summary>
public sealed record PeerAddress(string Ip, string HostName, int Port, string Version);
