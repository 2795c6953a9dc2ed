namespace Supernode.Gateway.Http;

/// <summary>
/// The Go supernode's three API categories and their handlers, in Go's registration order
/// (<c>supernode/server/router.go</c>): what <c>GET /</c>, <c>GET /api/v1/</c> and <c>GET /api/ext/</c> list, with
/// paths relative to the category's prefix. Go registers the preheat handlers in v1 after the piece-error route and
/// in legacy after the dfget routes.
/// </summary>
public static class GoApiCatalog
{
    public sealed record Handler(string Method, string Path);

    public sealed record Category(string Name, string Prefix, IReadOnlyList<Handler> Handlers);

    private static readonly Handler Listing = new("GET", "/");

    private static readonly Handler[] Preheats =
    [
        new("POST", "/preheats"),
        new("GET", "/preheats"),
        new("GET", "/preheats/{id}"),
        new("DELETE", "/preheats/{id}"),
    ];

    public static readonly Category V1 = new("v1 api", "/api/v1",
    [
        Listing,
        new("POST", "/peers"),
        new("DELETE", "/peers/{id}"),
        new("GET", "/peers/{id}"),
        new("GET", "/peers"),
        new("GET", "/tasks/{id}"),
        new("POST", "/peer/network"),
        new("POST", "/peer/heartbeat"),
        new("DELETE", "/tasks/{id}"),
        new("GET", "/tasks/{id}/pieces/{pieceRange}/error"),
        .. Preheats,
    ]);

    public static readonly Category Extension = new("extension api", "/api/ext", [Listing]);

    public static readonly Category Legacy = new("legacy api", "",
    [
        Listing,
        new("POST", "/peer/registry"),
        new("GET", "/peer/task"),
        new("GET", "/peer/piece/suc"),
        new("GET", "/peer/service/down"),
        new("GET", "/peer/piece/error"),
        .. Preheats,
        new("POST", "/peer/network"),
        new("POST", "/peer/heartbeat"),
        new("GET", "/_ping"),
        new("GET", "/version"),
        new("GET", "/metrics"),
        new("POST", "/task/metrics"),
    ]);

    public static IReadOnlyList<Category> All { get; } = [V1, Extension, Legacy];

    /// <summary>Where a handler of a category is served: Go adds the prefix unless the path already starts with it.</summary>
    public static string FullPath(Category c, Handler h) => h.Path.StartsWith(c.Prefix, StringComparison.Ordinal) ? h.Path : c.Prefix + h.Path;
}
