using System.Net;
using Supernode.Gateway.Http;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// Every route of docs/protocol.md (the REST ones under <c>/api/v1</c> and without it), with and without the <c>/v1.24</c> prefix, answers with the
/// documented status and body shape; unknown paths, trailing slashes and wrong methods answer as gorilla/mux does.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class RouteTableTests
{
    private readonly SupernodeFixture _sn;

    public RouteTableTests(SupernodeFixture fixture)
    {
        _sn = fixture;
        _sn.Origin.Serve(OriginPath, SeededContent.Bytes(1000, seed: 5));
    }

    private const string OriginPath = "/routes/file.bin";

    /// <summary>The client registered for the task a path names (<c>{cid}</c>).</summary>
    private string _cid = "";
    private static readonly string NoTask = new('e', 64);

    /// <summary>One request and what its answer must look like; <c>{task}</c>, <c>{peer}</c> and <c>{preheat}</c> are made by the test first.</summary>
    public sealed record Route(string Method, string Template, string Path, string? Body, HttpStatusCode Status, Func<RawAnswer, string?> Shape);

    private static readonly Route[] Routes =
    [
        new("POST", "/peer/registry", "/peer/registry", "{registration}", HttpStatusCode.OK, Result(200)),
        new("GET", "/peer/task", "/peer/task?taskId={task}&srcCid=nobody&dstCid=&status=700", null, HttpStatusCode.OK, Result(502)),
        new("GET", "/peer/piece/suc", $"/peer/piece/suc?taskId={NoTask}&cid=a&dstCid=b&pieceRange=0-4194303", null,
            HttpStatusCode.InternalServerError, Error(500)),
        new("GET", "/peer/service/down", $"/peer/service/down?taskId={NoTask}&cid=a", null, HttpStatusCode.InternalServerError, Error(500)),
        new("GET", "/peer/piece/error", $"/peer/piece/error?errorType=FILE_NOT_EXIST&srcCid=a&dstCid=b&dstIp=&taskId={NoTask}&range=&realMd5=&expectedMd5=",
            null, HttpStatusCode.OK, Empty),
        new("POST", "/peer/network", "/peer/network", "{}", HttpStatusCode.OK, Exactly("{\"nodes\":null}\n")),
        new("POST", "/peer/heartbeat", "/peer/heartbeat", "{}", HttpStatusCode.OK, Exactly("{\"seedTaskIDs\":null}\n")),
        new("POST", "/api/v1/peer/network", "/api/v1/peer/network", null, HttpStatusCode.OK, Exactly("{\"nodes\":null}\n")),
        new("POST", "/api/v1/peer/heartbeat", "/api/v1/peer/heartbeat", null, HttpStatusCode.OK, Exactly("{\"seedTaskIDs\":null}\n")),
        new("POST", "/task/metrics", "/task/metrics",
            "{\"IP\":\"127.0.0.1\",\"cID\":\"routes\",\"callSystem\":\"routes\",\"duration\":1.5,\"fileLength\":10,\"port\":15001,\"success\":true,\"taskId\":\"t\"}",
            HttpStatusCode.OK, Exactly("{\"code\":1}\n")),
        new("GET", "/_ping", "/_ping", null, HttpStatusCode.OK, Exactly("OK")),
        new("GET", "/version", "/version", null, HttpStatusCode.OK, Version),
        new("GET", "/metrics", "/metrics", null, HttpStatusCode.OK, Metrics),
        new("GET", "/", "/", null, HttpStatusCode.OK, Listing("legacy api", "")),
        new("GET", "/api/v1/", "/api/v1/", null, HttpStatusCode.OK, Listing("v1 api", "/api/v1")),
        new("GET", "/api/ext/", "/api/ext/", null, HttpStatusCode.OK, Listing("extension api", "/api/ext")),
        .. RestRoutes("/api/v1"),
        .. RestRoutes(""),
        .. PreheatRoutes(""),
        .. PreheatRoutes("/api/v1"),
    ];

    /// <summary>The REST routes of the API documents, under <c>/api/v1</c> and without a prefix.</summary>
    private static Route[] RestRoutes(string prefix) =>
    [
        new("POST", prefix + "/peers", prefix + "/peers", "{\"ip\":\"10.9.0.1\",\"hostName\":\"routes-create\",\"port\":15001,\"version\":\"1.0.6\"}",
            HttpStatusCode.Created, Exactly("{\"ID\":\"routes-create-10.9.0.1-15001\"}\n")),
        new("GET", prefix + "/peers", prefix + "/peers?pageNum=0&pageSize=1000&sortDirect=DESC&sortKey=created", null, HttpStatusCode.OK, JsonArray),
        new("GET", prefix + "/peers/{id}", prefix + "/peers/{peer}", null, HttpStatusCode.OK, PeerInfo),
        new("DELETE", prefix + "/peers/{id}", prefix + "/peers/{peer}", null, HttpStatusCode.OK, Empty),
        new("POST", prefix + "/tasks", prefix + "/tasks", "{create}", HttpStatusCode.Created, TaskCreated),
        new("GET", prefix + "/tasks", prefix + "/tasks", null, HttpStatusCode.OK, JsonArray),
        new("GET", prefix + "/tasks/{id}", prefix + "/tasks/{task}", null, HttpStatusCode.OK, TaskInfo),
        new("PUT", prefix + "/tasks/{id}", prefix + "/tasks/{task}", "{\"paused\":false}", HttpStatusCode.OK, Empty),
        new("DELETE", prefix + "/tasks/{id}", $"{prefix}/tasks/{NoTask}?full=true", null, HttpStatusCode.OK, Empty),
        new("GET", prefix + "/tasks/{id}/pieces", prefix + "/tasks/{task}/pieces?clientID={cid}&num=2", null, HttpStatusCode.OK, JsonArray),
        new("PUT", prefix + "/tasks/{id}/pieces/{pieceRange}", prefix + "/tasks/{task}/pieces/0-4194303",
            "{\"clientID\":\"{cid}\",\"dstPID\":\"nobody\",\"pieceStatus\":\"FAILED\"}", HttpStatusCode.OK, Empty),
        new("GET", prefix + "/tasks/{id}/pieces/{pieceRange}/error", prefix + "/tasks/{task}/pieces/0-4194303/error",
            "{\"dstPid\":\"nobody\",\"errorType\":\"FILE_NOT_EXIST\",\"srcCid\":\"a\"}", HttpStatusCode.OK, Empty),
        new("POST", prefix + "/tasks/{id}/pieces/{pieceRange}/error", prefix + "/tasks/{task}/pieces/0-4194303/error",
            "{\"dstPid\":\"nobody\",\"errorType\":\"FILE_NOT_EXIST\",\"srcCid\":\"a\"}", HttpStatusCode.OK, Empty),
    ];

    private static Route[] PreheatRoutes(string prefix) =>
    [
        new("POST", prefix + "/preheats", prefix + "/preheats", "{preheat}", HttpStatusCode.Created, PreheatCreated),
        new("GET", prefix + "/preheats", prefix + "/preheats", null, HttpStatusCode.OK, JsonArray),
        new("GET", prefix + "/preheats/{id}", prefix + "/preheats/{preheat}", null, HttpStatusCode.OK, PreheatInfo),
        new("DELETE", prefix + "/preheats/{id}", prefix + "/preheats/{preheat}", null, HttpStatusCode.OK, Exactly("true\n")),
    ];

    /// <summary>What gorilla/mux answers around the routes (docs/protocol.md).</summary>
    private static readonly Route[] Misses =
    [
        new("GET", "unknown", "/nothing/here", null, HttpStatusCode.NotFound, Exactly("404 page not found\n")),
        new("GET", "v1 route without /api/v1", "/cluster/members", null, HttpStatusCode.NotFound, Exactly("404 page not found\n")),
        new("GET", "trailing slash", "/api/v1/peers/", null, HttpStatusCode.NotFound, Exactly("404 page not found\n")),
        new("GET", "listing without its slash", "/api/v1", null, HttpStatusCode.NotFound, Exactly("404 page not found\n")),
        new("PATCH", "PATCH /api/v1/tasks/{id}", $"/api/v1/tasks/{NoTask}", "{}", HttpStatusCode.MethodNotAllowed, Empty),
        new("DELETE", "DELETE pieces", $"/api/v1/tasks/{NoTask}/pieces", null, HttpStatusCode.MethodNotAllowed, Empty),
        new("GET", "GET one piece", $"/tasks/{NoTask}/pieces/0-1", null, HttpStatusCode.MethodNotAllowed, Empty),
        new("PUT", "PUT piece error", $"/api/v1/tasks/{NoTask}/pieces/0-1/error", "{}", HttpStatusCode.MethodNotAllowed, Empty),
        new("GET", "pieces of no task", $"/api/v1/tasks/{NoTask}/pieces/x/y", null, HttpStatusCode.NotFound, Exactly("404 page not found\n")),
        new("HEAD", "HEAD /_ping", "/_ping", null, HttpStatusCode.MethodNotAllowed, Empty),
        new("GET", "GET /peer/registry", "/peer/registry", null, HttpStatusCode.MethodNotAllowed, Empty),
    ];

    public static TheoryData<string, string> RoutesWithPrefixes() => Cases(Routes);

    public static TheoryData<string, string> MissesWithPrefixes() => Cases(Misses);

    [Theory]
    [MemberData(nameof(RoutesWithPrefixes))]
    public Task Every_route_answers_as_documented(string route, string prefix) => CheckAsync(Routes.Single(r => Name(r) == route), prefix);

    [Theory]
    [MemberData(nameof(MissesWithPrefixes))]
    public Task Unknown_paths_and_wrong_methods_answer_as_gorilla_mux(string route, string prefix) => CheckAsync(Misses.Single(r => Name(r) == route), prefix);

    [Fact]
    public void The_table_covers_every_route_the_listings_name()
    {
        var listed = GoApiCatalog.All.SelectMany(c => c.Handlers.Select(h => $"{h.Method} {GoApiCatalog.FullPath(c, h)}"));
        Assert.Empty(listed.Except(Routes.Select(r => $"{r.Method} {r.Template}")));
    }

    [Fact]
    public async Task A_non_canonical_path_is_redirected_to_its_clean_form_with_the_query()
    {
        var (status, answer) = await RawHttp.GetAsync(_sn.Process.ApiPort, "/api/v1/../..//_ping?x=1");
        Assert.Equal(301, status);
        Assert.Contains("Location: /_ping?x=1\r\n", answer, StringComparison.OrdinalIgnoreCase);
    }

    private async Task CheckAsync(Route route, string prefix)
    {
        var path = await PrepareAsync(route.Path);
        var body = route.Body switch
        {
            "{registration}" => DfgetRegistration.For(_sn.Origin.Url(OriginPath)).ToString(),
            "{preheat}" => PreheatBody(),
            "{create}" => await CreateBodyAsync(),
            _ => route.Body?.Replace("{cid}", _cid),
        };
        var answer = await _sn.Client.SendAsync(new HttpMethod(route.Method), prefix + path, body);
        Assert.True(route.Status == answer.Status, $"{route.Method} {prefix}{path}: {answer}");
        Assert.Null(route.Shape(answer));
    }

    /// <summary>Makes the task or peer a path names.</summary>
    private async Task<string> PrepareAsync(string path)
    {
        if (path.Contains("{task}"))
        {
            var url = _sn.Origin.Url(OriginPath);
            var registration = DfgetRegistration.For(url);
            Expect.Registered(await _sn.Client.RegisterAsync(registration), ExpectedTaskId.Of(url), 1000);
            _cid = registration.Cid;
            path = path.Replace("{task}", ExpectedTaskId.Of(url)).Replace("{cid}", _cid);
        }
        if (path.Contains("{peer}"))
        {
            var peer = $"routes-{Guid.NewGuid():N}"[..20];
            var created = await _sn.Client.SendAsync(HttpMethod.Post, "/api/v1/peers", $"{{\"IP\":\"10.9.0.2\",\"hostName\":\"{peer}\"}}");
            Assert.Equal(HttpStatusCode.Created, created.Status);
            path = path.Replace("{peer}", created.Json.GetProperty("ID").GetString());
        }
        if (path.Contains("{preheat}"))
        {
            var created = await _sn.Client.SendAsync(HttpMethod.Post, "/preheats", PreheatBody());
            Assert.Equal(HttpStatusCode.Created, created.Status);
            path = path.Replace("{preheat}", created.Json.GetProperty("ID").GetString());
        }
        return path;
    }

    /// <summary>A REST client's task of the table's file: a new peer, and a client of its own.</summary>
    private async Task<string> CreateBodyAsync()
    {
        var peer = await _sn.Client.SendAsync(HttpMethod.Post, "/peers", "{\"IP\":\"10.9.0.3\",\"hostName\":\"routes-rest\",\"port\":15003}");
        Assert.Equal(HttpStatusCode.Created, peer.Status);
        return $"{{\"cID\":\"routes-{Guid.NewGuid():N}\",\"peerID\":\"{peer.Json.GetProperty("ID").GetString()}\",\"path\":\"/peer/file/routes\"," +
               $"\"rawURL\":\"{_sn.Origin.Url(OriginPath)}\"}}";
    }

    /// <summary>A file preheat of its own URL (the origin ignores the query), so each is a new job.</summary>
    private string PreheatBody() => $"{{\"type\":\"file\",\"url\":\"{_sn.Origin.Url(OriginPath)}?route={Guid.NewGuid():N}\"}}";

    private static TheoryData<string, string> Cases(IEnumerable<Route> routes)
    {
        var data = new TheoryData<string, string>();
        foreach (var r in routes)
        foreach (var prefix in new[] { "", "/v1.24" })
            data.Add(Name(r), prefix);
        return data;
    }

    private static string Name(Route r) => $"{r.Method} {r.Template}";

    private static string? Check(bool ok, RawAnswer answer, string what) => ok ? null : $"{what}: {answer}";

    private static Func<RawAnswer, string?> Exactly(string text) => a => Check(a.Text == text, a, $"body {text}");

    private static string? Empty(RawAnswer a) => Check(a.Body.Length == 0, a, "an empty body");

    private static bool IsGoJson(RawAnswer a) => a.ContentType == "application/json" && a.Text.EndsWith('\n');

    private static Func<RawAnswer, string?> Result(int code) => a =>
        Check(IsGoJson(a) && a.Json.GetProperty("code").GetInt32() == code, a, $"a ResultInfo with code {code}");

    private static Func<RawAnswer, string?> Error(int code) => a =>
        Check(IsGoJson(a) && a.Json.GetProperty("code").GetInt32() == code && a.Json.GetProperty("message").GetString()!.Length > 0, a,
            $"an error {code} with a message");

    private static Func<RawAnswer, string?> Listing(string category, string prefix) => a =>
        Check(IsGoJson(a) && a.Json.GetProperty("category").GetString() == category && a.Json.GetProperty("prefix").GetString() == prefix
              && a.Json.GetProperty("api")[0].GetProperty("path").GetString() == "/", a, $"the listing of {category}");

    private static string? JsonArray(RawAnswer a) => Check(IsGoJson(a) && a.Json.ValueKind == System.Text.Json.JsonValueKind.Array, a, "a JSON array");

    private static string? Version(RawAnswer a) =>
        Check(a.ContentType == "application/json" && !a.Text.EndsWith('\n')
              && a.Json.GetProperty("Version").GetString()!.Length > 0 && a.Json.GetProperty("OS").GetString() == "linux"
              && a.Json.TryGetProperty("Arch", out _) && a.Json.TryGetProperty("GoVersion", out _), a, "Go's version JSON");

    private static string? Metrics(RawAnswer a) =>
        Check(a.ContentType!.StartsWith("text/plain") && a.Text.Contains("# TYPE dragonfly_supernode_build_info gauge"), a, "Prometheus text");

    private static string? TaskCreated(RawAnswer a) =>
        Check(IsGoJson(a) && a.Json.GetProperty("ID").GetString()!.Length == 64 && a.Json.GetProperty("fileLength").GetInt64() == 1000
              && a.Json.GetProperty("cdnSource").GetString() == "supernode", a, "a TaskCreateResponse");

    private static string? PeerInfo(RawAnswer a) =>
        Check(IsGoJson(a) && a.Json.GetProperty("IP").GetString() == "10.9.0.2" && a.Json.TryGetProperty("created", out _), a, "a PeerInfo");

    private static string? PreheatCreated(RawAnswer a) =>
        Check(IsGoJson(a) && a.Json.GetProperty("ID").GetString()!.Length == 64, a, "the new job's ID");

    private static string? PreheatInfo(RawAnswer a) =>
        Check(IsGoJson(a) && a.Json.GetProperty("ID").GetString()!.Length == 64 && a.Json.GetProperty("startTime").GetString()!.EndsWith('Z')
              && a.Json.TryGetProperty("finishTime", out _) && a.Json.TryGetProperty("status", out _), a, "a PreheatInfo");

    private static string? TaskInfo(RawAnswer a) =>
        Check(IsGoJson(a) && a.Json.GetProperty("ID").GetString()!.Length == 64 && a.Json.TryGetProperty("cdnStatus", out _), a, "a TaskInfo");
}
