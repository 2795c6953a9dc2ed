namespace Supernode.Cdn;

/// <summary>
/// A source's response body whose every read must bring a byte within <paramref name="readTimeout"/>: a slow body
/// goes on for as long as it keeps sending, a stalled one ends in a <see cref="SourceReadException"/>, as does a
/// broken connection. There is no budget for the whole body: its length is the source's business.
/// </summary>
internal sealed class SourceBodyStream(Stream inner, TimeSpan readTimeout) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(readTimeout);
        try
        {
            return await Inner.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SourceReadException($"the source sent nothing for {readTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or HttpRequestException && e is not SourceReadException)
        {
            throw new SourceReadException($"the source's answer broke off: {e.Message}", e);
        }
    }
}
