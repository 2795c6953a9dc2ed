using System.Net;

namespace Supernode.PeerSimulator;

/// <summary>
/// What one simulated dfget is told on its command line. The simulated peer always behaves as
/// <c>dfget --notbs -p p2p</c>: it never downloads from the source.
/// </summary>
public sealed record PeerOptions
{
    /// <summary>dfget's <c>--node</c> list, each <c>host[:port]</c> (default port 8002; an <c>http://</c> prefix is accepted).</summary>
    public required IReadOnlyList<string> Supernodes { get; init; }

    /// <summary>dfget's <c>-u</c>: the source URL (registered as <c>rawUrl</c>).</summary>
    public required string Url { get; init; }

    /// <summary>Directory that receives the downloaded file, named after <see cref="SimulatedPeer.TaskFileName"/>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Basename of dfget's <c>-o</c>; it prefixes the task file name.</summary>
    public string OutputFileName { get; init; } = "download.bin";

    /// <summary>dfget's <c>--ip</c>: advertised to the supernode and bound by the uploader. Must be in 127.0.0.0/8.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Sent as <c>hostName</c> at registration (dfget sends <c>os.Hostname()</c>).</summary>
    public string HostName { get; init; } = Dns.GetHostName();

    /// <summary>dfget's <c>-m</c>. Also the expected whole-file md5 (the 600 answer's md5 is then ignored).</summary>
    public string? Md5 { get; init; }

    /// <summary>dfget's <c>-i</c>; only sent when <see cref="Md5"/> is not given.</summary>
    public string? Identifier { get; init; }

    /// <summary>dfget's <c>--header</c> values, each <c>"Key: Value"</c>.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>dfget's <c>-f</c>: query keys removed from <see cref="Url"/> to form <c>taskUrl</c>.</summary>
    public IReadOnlyList<string> Filter { get; init; } = [];

    /// <summary>Which protocol the client speaks: dfget 1.0.6's <c>/peer/*</c> calls, or the REST protocol of the API documents.</summary>
    public ClientProtocol Protocol { get; init; } = ClientProtocol.Dfget;

    /// <summary>REST only: the content digest given as <c>taskId</c> (e.g. <c>sha256:…</c>), naming the task by its content.</summary>
    public string? ContentDigest { get; init; }

    /// <summary>REST only: the content length given as <c>fileLength</c>, so the supernode need not ask the source.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>dfget's <c>--callsystem</c>.</summary>
    public string? CallSystem { get; init; }

    /// <summary>An uploader shared with other peers (dfget's default on one host); null gives this peer its own.</summary>
    public Uploader? SharedUploader { get; init; }

    /// <summary>Port of this peer's own uploader; 0 picks a free one in 15000–65000 (the range the supernode accepts).</summary>
    public int UploaderPort { get; init; }

    /// <summary>dfget's <c>-e</c>; null computes dfget's default from the registered length and <see cref="MinRate"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>dfget's <c>--minrate</c> in bytes/s: sets the default overall and per-piece timeouts.</summary>
    public long MinRate { get; init; } = 64 * 1024;

    /// <summary>Per-piece timeout; null is dfget's pieceSize / <see cref="MinRate"/> + 10 s.</summary>
    public TimeSpan? PieceTimeout { get; init; }

    /// <summary>dfget's <c>-s</c> in bytes/s, for all pieces of this download together. dfget's effective default is 20 MiB/s; 0 = unlimited.</summary>
    public long LocalLimit { get; init; } = 20 * 1024 * 1024;

    /// <summary>Seed for every random choice of this peer (back-off sleeps, report retries); null = unseeded.</summary>
    public int? Seed { get; init; }

    /// <summary>How this peer's uploader misbehaves when serving this peer's file.</summary>
    public UploadFaults UploadFaults { get; init; } = UploadFaults.None;

    /// <summary>
    /// Simulate a dfget client killed mid-download: once this many pieces have been received, written and
    /// reported, the client stops dead (no further request, no metrics). Its uploader, a separate process in
    /// dfget, keeps serving.
    /// </summary>
    public int? DieAfterPieces { get; init; }

    /// <summary>
    /// Peer <paramref name="i"/> of a local fleet: no rate limit (loopback), a seed of its own, its file named after it
    /// in <paramref name="outputDirectory"/>.
    /// </summary>
    public static PeerOptions Local(IReadOnlyList<string> supernodes, string url, string outputDirectory, int i, TimeSpan timeout) => new()
    {
        Supernodes = supernodes,
        Url = url,
        OutputDirectory = outputDirectory,
        OutputFileName = $"peer{i}.bin",
        LocalLimit = 0,
        Seed = i + 1,
        Timeout = timeout,
    };
}

/// <summary>The protocol a simulated client speaks to the supernode.</summary>
public enum ClientProtocol
{
    /// <summary>dfget 1.0.6: <c>/peer/registry</c>, <c>/peer/task</c>, <c>/peer/piece/suc</c>, …</summary>
    Dfget,
    /// <summary>The REST protocol: <c>/api/v1/peers</c>, <c>/api/v1/tasks</c> and its pieces.</summary>
    Rest,
}

/// <summary>How an uploader answers piece requests for one served file.</summary>
public enum ServeFault
{
    None,
    /// <summary>Flip the first data byte (the trailer for an empty piece): the piece md5 no longer matches.</summary>
    Corrupt,
    /// <summary>Answer 404, as when the file is gone (dfget then reports FILE_NOT_EXIST).</summary>
    NotFound,
    /// <summary>Reset the connection without an answer.</summary>
    Reset,
}

/// <summary>Faults of an uploader for one served file.</summary>
/// <param name="Fault">What happens to affected pieces.</param>
/// <param name="Pieces">Piece numbers affected; null = every piece.</param>
/// <param name="VanishAfterPieces">After serving this many pieces of the file, the whole uploader vanishes
/// (stops abruptly, without <c>/peer/service/down</c>).</param>
public sealed record UploadFaults(ServeFault Fault = ServeFault.None, IReadOnlySet<int>? Pieces = null, int? VanishAfterPieces = null)
{
    public static UploadFaults None { get; } = new();

    internal bool Affects(int pieceNum) => Fault != ServeFault.None && (Pieces is null || Pieces.Contains(pieceNum));
}
