namespace Supernode.Cdn.Serving;

/// <summary>
/// What one connection of the download port may weigh and how long it may wait: a head above the sizes is refused
/// before any work (414, 431), a head still incomplete after <see cref="HeadersWithin"/> gets 408 (slowloris), an
/// idle connection is closed after <see cref="KeepAlive"/>, and an answer the client reads slower than
/// <see cref="MinSendBytesPerSecond"/> (after a grace of <see cref="SendGrace"/>) is dropped.
/// </summary>
public sealed record ConnectionLimits(
    int MaxRequestLineBytes, int MaxHeaderBytes, int MaxHeaderCount, TimeSpan KeepAlive, TimeSpan HeadersWithin)
{
    /// <summary>Kestrel's default minimum response data rate, so the port keeps the guard it had.</summary>
    public const int MinSendBytesPerSecond = 240;

    public static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(5);

    /// <summary>The most bytes a head may take: the request line, the fields and the empty line.</summary>
    public int MaxHeadBytes => MaxRequestLineBytes + MaxHeaderBytes + 2;

    /// <summary>How long sending <paramref name="bytes"/> may take.</summary>
    public static TimeSpan SendWithin(long bytes) => SendGrace + TimeSpan.FromSeconds((double)bytes / MinSendBytesPerSecond);
}
