using Akka.Actor;

namespace Supernode.Gateway.Hosting;

/// <summary>Asking an entity through its shard region on behalf of an HTTP request.</summary>
public static class EntityAsk
{
    /// <summary>
    /// The entity's answer, or null when it did not answer within <paramref name="deadline"/> or the caller went away
    /// (its answer is never read then): neither is an error of the request.
    /// </summary>
    public static async Task<object?> AskOrNullAsync(this IActorRef region, object message, TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            return await region.Ask<object>(message, deadline, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
