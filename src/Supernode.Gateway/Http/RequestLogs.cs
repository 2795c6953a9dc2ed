using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace Supernode.Gateway.Http;

/// <summary>
/// One structured line per API request: route template, status, latency, and the task, client and peer it named.
/// The hot client routes of both protocols (a pull and a piece report per piece per client) and the probes and scrapes
/// log at Debug, so production logs stay small, and so do registrations answered as registered: a fleet's rollout is a
/// thousand of them in a second, which their task tells in one line. The rest, and every registration not answered 200, at Information.
/// Neither query strings nor headers are logged: they may carry source URLs with credentials or an admin token.
/// </summary>
public static class RequestLogs
{
    private static readonly HashSet<string> DebugRoutes = new(
    [
        "/peer/task", "/peer/piece/suc", "/healthz/live", "/healthz/ready", "/metrics",
        .. ApiPrefixes.All.SelectMany(p => new[] { p + "/tasks/{id}/pieces", p + "/tasks/{id}/pieces/{pieceRange}" }),
    ], StringComparer.Ordinal);

    /// <summary>Registrations (method and route) that log at Debug when answered as registered (200, 201 for the REST ones).</summary>
    private static readonly HashSet<string> QuietWhenAnswered =
        new(["POST /peer/registry", .. ApiPrefixes.All.SelectMany(p => new[] { $"POST {p}/peers", $"POST {p}/tasks" })], StringComparer.Ordinal);

    /// <summary>Status of a request whose client went away before the answer (nginx's "client closed request").</summary>
    public const int ClientClosedRequest = 499;

    public static IApplicationBuilder UseRequestLogs(this IApplicationBuilder app) => app.UseSerilogRequestLogging(Configure).Use(ClientGoneAsync);

    /// <summary>
    /// A client that gives up (a probe's timeout, a dfget killed) cancels whatever its request waited for: that is no
    /// error of ours, so the request's line says 499 instead of an error with a stack trace.
    /// </summary>
    private static async Task ClientGoneAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            if (!http.Response.HasStarted) http.Response.StatusCode = ClientClosedRequest;
        }
    }

    private static void Configure(RequestLoggingOptions o)
    {
        o.MessageTemplate = "HTTP {RequestMethod} {Route} answered {StatusCode} in {Elapsed:0.0} ms";
        o.GetLevel = (http, _, error) => error is not null ? LogEventLevel.Error : LevelOf(http.Request.Method, RouteOf(http), http.Response.StatusCode);
        o.EnrichDiagnosticContext = Enrich;
    }

    private static LogEventLevel LevelOf(string method, string route, int status) =>
        DebugRoutes.Contains(route) || (status is StatusCodes.Status200OK or StatusCodes.Status201Created && QuietWhenAnswered.Contains($"{method} {route}"))
            ? LogEventLevel.Debug
            : LogEventLevel.Information;

    private static void Enrich(IDiagnosticContext log, HttpContext http)
    {
        var template = RouteOf(http);
        log.Set("Route", template);
        var q = http.Request.Query;
        var id = http.Request.RouteValues["id"] as string;
        var isTaskRoute = template.StartsWith("/api/v1/tasks/", StringComparison.Ordinal) || template.StartsWith("/tasks/", StringComparison.Ordinal)
                          || template.StartsWith("/api/v1/cluster/tasks/", StringComparison.Ordinal);
        if (FirstNonEmpty(q["taskId"], isTaskRoute ? id : null) is { } taskId) log.Set("TaskId", taskId);
        if (FirstNonEmpty(q["cid"], q["srcCid"], q["clientID"]) is { } cid) log.Set("Cid", cid);
        if ((template.StartsWith("/api/v1/peers/", StringComparison.Ordinal) || template.StartsWith("/peers/", StringComparison.Ordinal)) && id is not null)
            log.Set("PeerId", id);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>The matched route's template (without its <c>/v{version}</c> prefix), or the path when none matched.</summary>
    private static string RouteOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : http.Request.Path.Value ?? "";
}
