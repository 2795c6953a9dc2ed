using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Supernode.Gateway.Http;

namespace Supernode.Gateway.Tests.Http;

/// <summary>
/// A client that gives up while its request waits (a readiness probe's timeout, a dfget killed) is no error of ours:
/// the request's line says 499, without an exception and its stack trace. Seen when the test harness's readiness
/// probe timed out on a loaded machine while the snapshot store's health check ran.
/// </summary>
public sealed class ClientGoneTests
{
    [Fact]
    public async Task A_request_whose_client_gives_up_is_logged_as_499_without_an_error()
    {
        var events = new ConcurrentQueue<LogEvent>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Host.UseSerilog((_, lc) => lc.WriteTo.Sink(new Collected(events)));
        await using var app = builder.Build();
        app.UseRequestLogs();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // As the health checks do: wait on the request's token, which throws when the client goes away.
        app.Use(async (HttpContext http, RequestDelegate _) =>
        {
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var client = new HttpClient();
        using var giveUp = new CancellationTokenSource();
        var call = client.GetAsync($"{url}/waits", giveUp.Token);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var line = await RequestLineAsync(events);
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.Equal(RequestLogs.ClientClosedRequest.ToString(), line.Properties["StatusCode"].ToString());
        Assert.DoesNotContain(events, e => e.Level >= LogEventLevel.Warning);
        await app.StopAsync();
    }

    private static async Task<LogEvent> RequestLineAsync(ConcurrentQueue<LogEvent> events)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (events.FirstOrDefault(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)) is { } line) return line;
            await Task.Delay(50, deadline.Token);
        }
    }

    private sealed class Collected(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
