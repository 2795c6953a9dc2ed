using System.Text.Json;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests.Support;

/// <summary>Where a piece is offered from in a 601 item.</summary>
internal sealed record PieceSource(string Cid, string Ip, int Port, string Path);

/// <summary>
/// A deliberately simple supernode script for one task, answering like the Go supernode: registry → 200;
/// <c>/peer/task</c> → <see cref="InitialWaits"/> × 602, then 601 with pieces the client neither holds nor is
/// downloading (a piece counts as held once a suc report or a 503 pull names it), 602 when there is nothing to offer,
/// and 600 when the client holds every piece; suc → 611, error → empty 200, metrics → null, service down → 612.
/// <see cref="Intercept"/> can replace any answer.
/// </summary>
internal sealed class MiniSupernode
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClientState> _clients = new();
    private readonly byte[] _content;

    public MiniSupernode(byte[] content, int pieceSize, string taskId = "")
    {
        _content = content;
        PieceSize = pieceSize;
        TaskId = taskId.Length > 0 ? taskId : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        Pieces = Wrapping.PieceCount(content.Length, pieceSize);
    }

    public int PieceSize { get; }
    public string TaskId { get; }
    public int Pieces { get; }
    public string CdnCid => $"cdnnode:127.0.0.1~{TaskId}";

    /// <summary>Set once the scripted server is up: the port serving <c>/download/…</c>.</summary>
    public int DownloadPort { get; set; }

    public int InitialWaits { get; init; }

    /// <summary>Offer a piece from another registered client holding it, when there is one (else from the supernode).</summary>
    public bool PreferPeers { get; init; }
    public int PiecesPerAnswer { get; init; } = 4;

    /// <summary>The whole-file md5 sent with 600.</summary>
    public string? FinishMd5 { get; set; }

    /// <summary>Which source offers piece n for the k-th time (k from 0); null = the supernode's own copy.</summary>
    public Func<int, int, PieceSource?> SourceOf { get; init; } = (_, _) => null;

    /// <summary>Consulted first for every API request; a non-null reply is sent instead of the scripted one.</summary>
    public Func<RecordedRequest, Reply?> Intercept { get; set; } = _ => null;

    /// <summary>Whether <paramref name="cid"/> has reported piece <paramref name="n"/>.</summary>
    public bool Holds(string cid, int n)
    {
        lock (_lock) return _clients.TryGetValue(cid, out var s) && s.Held.Contains(n);
    }

    public byte[] WrappedFile => Wrapping.CdnFile(_content, PieceSize);

    public Reply Handle(RecordedRequest r)
    {
        if (Intercept(r) is { } forced) return forced;
        lock (_lock)
        {
            switch (r.Path)
            {
                case "/peer/registry":
                    using (var doc = JsonDocument.Parse(r.Body))
                    {
                        var b = doc.RootElement;
                        State(b.GetProperty("cid").GetString()!).Source = new PieceSource(b.GetProperty("cid").GetString()!,
                            b.GetProperty("ip").GetString()!, b.GetProperty("port").GetInt32(), b.GetProperty("path").GetString()!);
                    }
                    return Reply.Json(RegisterAnswer(TaskId));
                case "/peer/task":
                    return Pull(r);
                case "/peer/piece/suc":
                    var client = State(r.Param("cid")!);
                    var piece = PieceOf(r.Param("pieceRange")!);
                    client.Held.Add(piece);
                    client.Running.Remove(piece);
                    return Reply.Json("""{"code":611}""");
                case "/peer/piece/error":
                    return new Reply(200, "", ContentType: null);
                case "/task/metrics":
                    return Reply.Json("null");
                case "/peer/service/down":
                    return Reply.Json("""{"code":612}""");
                default:
                    return new Reply(404, "404 page not found", "text/plain");
            }
        }
    }

    private Reply Pull(RecordedRequest r)
    {
        var client = State(r.Param("srcCid")!);
        if (r.Param("range") is { Length: > 0 } range && r.Param("status") == "701")
        {
            // As the Go supernode: a 503 (semi-success) counts as held; a 500 makes the piece available again.
            var piece = PieceOf(range);
            client.Running.Remove(piece);
            if (r.Param("result") == "503") client.Held.Add(piece);
        }
        if (client.Waits < InitialWaits)
        {
            client.Waits++;
            return Reply.Json("""{"code":602,"msg":"clientSucCount:0,cdnSucCount:0: {\"Code\":9,\"Msg\":\"peer should wait\"}"}""");
        }
        if (client.Held.Count == Pieces)
        {
            var md5 = FinishMd5 ?? Wrapping.Md5(_content);
            return Reply.Json($$$"""{"code":600,"data":{"fileLength":{{{_content.Length + 5L * Pieces}}},"md5":"{{{md5}}}"}}""");
        }
        var offer = Enumerable.Range(0, Pieces).Where(n => !client.Held.Contains(n) && !client.Running.Contains(n)).Take(PiecesPerAnswer).ToList();
        if (offer.Count == 0) return Reply.Json("""{"code":602,"msg":"{\"Code\":9,\"Msg\":\"peer should wait\"}"}""");
        var items = offer.Select(n =>
        {
            client.Running.Add(n);
            var attempt = client.Offers.TryGetValue(n, out var k) ? k : 0;
            client.Offers[n] = attempt + 1;
            return Item(n, SourceOf(n, attempt) ?? (PreferPeers ? HolderOf(n, client) : null));
        });
        return Reply.Json($$"""{"code":601,"data":[{{string.Join(',', items)}}]}""");
    }

    public string RegisterAnswer(string taskId) =>
        $$"""{"code":200,"data":{"taskId":"{{taskId}}","fileLength":{{_content.Length}},"pieceSize":{{PieceSize}},"cdnSource":"supernode","asSeed":false,"seedTaskID":""},"msg":"success"}""";

    /// <summary>A 601 item in the Go supernode's field order.</summary>
    public string Item(int n, PieceSource? source = null, string? pieceMd5 = null)
    {
        source ??= new PieceSource(CdnCid, "127.0.0.1", DownloadPort, $"/download/{TaskId[..3]}/{TaskId}");
        var md5 = pieceMd5 ?? Wrapping.PieceMd5(_content, n, PieceSize);
        return $$"""{"range":"{{Wrapping.Range(n, PieceSize)}}","pieceNum":{{n}},"pieceSize":{{PieceSize}},"pieceMd5":{{JsonSerializer.Serialize(md5)}},"cid":"{{source.Cid}}","peerIp":"{{source.Ip}}","peerPort":{{source.Port}},"path":"{{source.Path}}","downLink":0}""";
    }

    private PieceSource? HolderOf(int n, ClientState asking) =>
        _clients.Values.Where(c => c != asking && c.Source is not null && c.Held.Contains(n)).Select(c => c.Source).FirstOrDefault();

    private int PieceOf(string range) => (int)(long.Parse(range.Split('-')[0]) / PieceSize);

    private ClientState State(string cid)
    {
        if (!_clients.TryGetValue(cid, out var s)) _clients[cid] = s = new ClientState();
        return s;
    }

    private sealed class ClientState
    {
        public HashSet<int> Held { get; } = [];
        public HashSet<int> Running { get; } = [];
        public Dictionary<int, int> Offers { get; } = [];
        public int Waits { get; set; }
        public PieceSource? Source { get; set; }
    }
}
