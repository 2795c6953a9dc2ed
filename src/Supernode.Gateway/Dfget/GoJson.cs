using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supernode.Gateway.Http;

using Supernode.Actors.Protocol;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// Answers written the way the Go supernode writes them (docs/protocol.md): <c>application/json</c> without a
/// charset, HTML characters not escaped, nulls omitted, and a trailing newline.
/// </summary>
public static class GoJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A dfget ResultInfo envelope with HTTP 200.</summary>
    public static IResult Result(int code, object? data = null, string? msg = null) => new GoJsonResult(200, new ResultInfo(code, data, msg), code);

    /// <summary>An error body <c>{"code":status,"message":…}</c> with that HTTP status.</summary>
    public static IResult Error(int httpStatus, string message) => new GoJsonResult(httpStatus, new ErrorBody(httpStatus, message));

    public static IResult Body(int httpStatus, object? body) => new GoJsonResult(httpStatus, body);

    /// <summary>
    /// An entity's answer that is not the one the route expects: none in time or a write the journal did not take
    /// (503, the caller may try again), or another (500).
    /// </summary>
    /// <param name="what">The entity as the message names it, e.g. <c>task 3f0…</c>.</param>
    public static IResult Unanswered(string what, object? reply) => reply switch
    {
        null => Error(StatusCodes.Status503ServiceUnavailable, $"{what} did not answer in time"),
        NotRecorded n => Error(StatusCodes.Status503ServiceUnavailable, $"{what} cannot be recorded now: {n.Reason}"),
        _ => Error(StatusCodes.Status500InternalServerError, $"unexpected answer {reply.GetType().Name}"),
    };

    /// <summary>
    /// The caller went away before its answer was ready (dfget gave up after 5 s): nothing is written, and the request
    /// log shows nginx's 499 "client closed request" rather than an error of ours.
    /// </summary>
    public static IResult ClientGone { get; } = Results.StatusCode(RequestLogs.ClientClosedRequest);

    /// <summary>An empty string as null, which these answers leave out as Go's <c>omitempty</c> does.</summary>
    public static string? OmitEmpty(string s) => s.Length == 0 ? null : s;

    private sealed record ResultInfo(
        [property: JsonPropertyName("code")] int Code,
        [property: JsonPropertyName("data")] object? Data,
        [property: JsonPropertyName("msg")] string? Msg);

    private sealed record ErrorBody(
        [property: JsonPropertyName("code")] int Code,
        [property: JsonPropertyName("message")] string Message);

    /// <param name="code">The code dfget acts on, when the body carries one (<see cref="Metrics.DfgetCallMetrics"/>).</param>
    private sealed class GoJsonResult(int status, object? body, int? code = null) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            if (code is { } c) Metrics.DfgetCallMetrics.SetCode(http, c);
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body?.GetType() ?? typeof(object), Options);
            http.Response.ContentLength = bytes.Length + 1;
            await http.Response.Body.WriteAsync(bytes);
            await http.Response.Body.WriteAsync("\n"u8.ToArray());
        }
    }
}
