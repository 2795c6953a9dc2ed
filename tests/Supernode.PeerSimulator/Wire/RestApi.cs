using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Supernode.PeerSimulator.Wire;

/// <summary>An answer of the REST protocol: its HTTP status and JSON body (default when it has none or is not JSON).</summary>
internal sealed record RestAnswer(int Status, JsonElement Body, string Text);

/// <summary>
/// The REST protocol's calls to the supernode (<c>/api/v1/peers</c>, <c>/api/v1/tasks</c> and its pieces), each with the
/// 5 s a dfget call gets and no retry: a client of this protocol is as strict as dfget.
/// </summary>
internal static class RestApi
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static readonly HttpClient Http = ClientHttp.Create();

    public static async Task<RestAnswer> SendAsync(SupernodeNode node, HttpMethod method, string pathAndQuery, string? json,
        CancellationToken ct, CallTimes? times)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        var started = Stopwatch.GetTimestamp();
        var call = $"{method} {pathAndQuery.Split('?')[0]}";
        try
        {
            using var request = new HttpRequestMessage(method, new Uri($"http://{node.Authority}{pathAndQuery}"));
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await Http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            call += $" {(int)response.StatusCode}";
            JsonElement body = default;
            if (text.Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    body = doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Not JSON: the status says enough.
                }
            }
            return new RestAnswer((int)response.StatusCode, body, text);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            call += " timed out";
            throw new SupernodeApiException($"{method} {pathAndQuery} timed out after {CallTimeout.TotalSeconds:0}s", e);
        }
        catch (HttpRequestException e)
        {
            call += " failed";
            throw new SupernodeApiException($"{method} {pathAndQuery}: {e.Message}", e);
        }
        finally
        {
            times?.Record(call, started);
        }
    }
}
