using Akka.Actor;

namespace Supernode.Gateway.Hosting;

/// <summary>Asking an entity through its shard region on behalf of an HTTP request.</summary>
public static class EntityAsk
{
    /// <summary>
    /// The entity's answer, or null when it did not answer within <paramref name="deadline"/> or the caller went away
    /// (its answer is never read then): neither is an error of the request.
    /// </summary>
    public static Task<object?> AskOrNullAsync(this IActorRef region, object message, TimeSpan deadline, CancellationToken ct) =>
        region.AskOrNullAsync<object>(message, deadline, ct);

    /// <summary>The answer of type <typeparamref name="TAnswer"/>; null as above, or when another answer came.</summary>
    public static async Task<TAnswer?> AskOrNullAsync<TAnswer>(this IActorRef region, object message, TimeSpan deadline, CancellationToken ct)
        where TAnswer : class
    {
        try
        {
            return await region.Ask<object>(message, deadline, ct) as TAnswer;
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
