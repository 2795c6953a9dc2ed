using Prometheus;

namespace Supernode.Gateway.Metrics;

/// <summary>
/// The Go supernode's HTTP series (docs/protocol.md): every request that matched a route, labelled with the route
/// template without its <c>/v{version}</c> prefix (docs/protocol.md). Unmatched paths and wrong methods are not
/// counted, as Go's router answers them outside its instrumented handlers.
/// </summary>
public static class HttpMetrics
{
    private static readonly double[] SizeBuckets = Histogram.ExponentialBuckets(100, 10, 8);

    public static readonly Counter Requests = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_http_requests_total", "Requests answered, by status code and route.", "code", "handler");

    public static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram(
        "dragonfly_supernode_http_request_duration_seconds", "Time to answer a request, in seconds.",
        new HistogramConfiguration { LabelNames = ["handler"], Buckets = [.01, .02, .04, .1, .2, .4, 1, 2, 4, 8, 20, 60, 120] });

    public static readonly Histogram RequestSize = Prometheus.Metrics.CreateHistogram(
        "dragonfly_supernode_http_request_size_bytes", "Approximate size of requests, as Go's promhttp computes it.",
        new HistogramConfiguration { LabelNames = ["handler"], Buckets = SizeBuckets });

    public static readonly Histogram ResponseSize = Prometheus.Metrics.CreateHistogram(
        "dragonfly_supernode_http_response_size_bytes", "Size of response bodies.",
        new HistogramConfiguration { LabelNames = ["handler"], Buckets = SizeBuckets });

    /// <summary>Counts every routed request; placed before routing so it sees the whole answer.</summary>
    public static IApplicationBuilder UseGoHttpMetrics(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var body = new CountingStream(http.Response.Body);
        http.Response.Body = body;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body.Inner;
            if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } handler })
            {
                Requests.WithLabels(http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), handler).Inc();
                Duration.WithLabels(handler).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                RequestSize.WithLabels(handler).Observe(ApproximateSize(http.Request));
                ResponseSize.WithLabels(handler).Observe(body.Written);
            }
        }
    });

    /// <summary>Go's <c>computeApproximateRequestSize</c>: target, method, protocol, header names and values, host, body length.</summary>
    public static long ApproximateSize(HttpRequest r)
    {
        long size = r.Path.Value?.Length ?? 0;
        size += r.QueryString.Value?.Length ?? 0;
        size += r.Method.Length + r.Protocol.Length + (r.Host.Value?.Length ?? 0);
        foreach (var (name, values) in r.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            size += name.Length;
            foreach (var value in values) size += value?.Length ?? 0;
        }
        return size + (r.ContentLength ?? 0);
    }

    /// <summary>Passes writes through and counts their bytes.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public Stream Inner => inner;
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            await inner.WriteAsync(buffer, ct);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    }
}
