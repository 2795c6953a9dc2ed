using Akka.Actor;

namespace Supernode.Gateway.Admin;

/// <summary>Asking an entity through its shard region on behalf of an admin request.</summary>
public static class EntityAsk
{
    /// <summary>The entity's answer, or null when it did not answer within <paramref name="timeout"/>.</summary>
    public static async Task<object?> AskOrNullAsync(this IActorRef region, object message, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await region.Ask<object>(message, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
