using Supernode.Actors.Tasks;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Dfget;

/// <summary>
/// How long a registration waits for its task. The task's own answer is best; a task this replica knows of
/// (<see cref="TaskDirectory"/>) that has not answered within <see cref="Deadlines.RegistrationOfKnownTask"/> is most
/// likely on a replica that just died, so the client is answered from its announcement instead, and within
/// <see cref="Deadlines.RegistrationWhileReplicaUnreachable"/> once a replica is unreachable. Whether the task is known
/// and a replica unreachable is looked at each time, not only at the start: a registration that arrived before the
/// task's first announcement, and whose task's replica then died, was otherwise held to the full
/// <see cref="Deadlines.Registration"/> and answered after 3.7 s on a busy machine.
/// </summary>
public static class RegistrationWait
{
    /// <summary>The task's answer, or (when it has none) the task as announced, if known.</summary>
    public readonly record struct Outcome(object? Answer, TaskAnnouncements.Known? Announced, TimeSpan Waited);

    /// <param name="asking">The ask of the task, with <see cref="Deadlines.Registration"/> as its deadline; null when it ran out.</param>
    /// <param name="announced">The task as this replica last heard of it, if it did.</param>
    /// <param name="anyUnreachable">Whether a replica is unreachable now.</param>
    /// <param name="delay">Waits the given time (<see cref="Task.Delay(TimeSpan, CancellationToken)"/> but for tests).</param>
    public static async Task<Outcome> WaitAsync(
        Task<object?> asking, Func<TaskAnnouncements.Known?> announced, Func<bool> anyUnreachable,
        Func<TimeSpan, Task> delay)
    {
        var unreachableCheck = Deadlines.RegistrationWhileReplicaUnreachable;
        if (await Answered(asking, delay(unreachableCheck)))
            return new Outcome(await asking, null, unreachableCheck);
        if (anyUnreachable() && announced() is { } soon) return new Outcome(null, soon, unreachableCheck);

        if (await Answered(asking, delay(Deadlines.RegistrationOfKnownTask - unreachableCheck)))
            return new Outcome(await asking, null, Deadlines.RegistrationOfKnownTask);
        if (announced() is { } known) return new Outcome(null, known, Deadlines.RegistrationOfKnownTask);

        // Unknown so far: the full wait, then a last look, since another client's registration may have created it
        // meanwhile (stuck behind a shard coordinator that was lost as it placed the task).
        var answer = await asking;
        return new Outcome(answer, answer is null ? announced() : null, Deadlines.Registration);
    }

    private static async Task<bool> Answered(Task<object?> asking, Task delay) => await Task.WhenAny(asking, delay) == asking;
}
