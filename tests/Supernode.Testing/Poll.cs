namespace Supernode.Testing;

/// <summary>Waits for a condition with a deadline: tests observe states, they do not sleep and hope.</summary>
public static class Poll
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan within, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), within, what);

    /// <inheritdoc cref="UntilAsync(Func{bool}, TimeSpan, string?)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string? what = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {within}: {what ?? "the condition"}");
            await Task.Delay(Pause);
        }
    }
}
