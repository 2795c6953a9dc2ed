namespace Supernode.Cdn;

/// <summary>Reads from an inner stream, charging every chunk read to a <see cref="ByteRateLimiter"/>.</summary>
internal sealed class ThrottledReadStream(Stream inner, ByteRateLimiter limiter) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await Inner.ReadAsync(buffer, ct);
        await limiter.TakeAsync(n, ct);
        return n;
    }
}
