using System.Collections.Immutable;
using Supernode.Actors.Tasks;
using Supernode.Gateway.Dfget;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Tests.Dfget;

/// <summary>
/// When a registration stops waiting for its task and is answered from the task's announcement. The waits are
/// scripted: each of them ends at once, and the test changes what the replica knows between them.
/// </summary>
public sealed class RegistrationWaitTests
{
    private static readonly TaskAnnouncements.Known Announced = new("t1",
        new TaskSource("http://origin/f", "http://origin/f", "", "", ImmutableSortedDictionary<string, string>.Empty, false, []),
        1000, 256);

    private readonly TaskCompletionSource<object?> _asking = new();
    private readonly List<TimeSpan> _waits = [];
    private TaskAnnouncements.Known? _known;
    private bool _unreachable;

    private Task<RegistrationWait.Outcome> WaitAsync(Action<int>? afterWait = null) =>
        RegistrationWait.WaitAsync(_asking.Task, () => _known, () => _unreachable, d =>
        {
            _waits.Add(d);
            afterWait?.Invoke(_waits.Count);
            return Task.CompletedTask;
        });

    [Fact]
    public async Task The_tasks_own_answer_is_taken_when_it_comes_first()
    {
        _known = Announced;
        _unreachable = true;
        _asking.SetResult("registered");

        var outcome = await RegistrationWait.WaitAsync(_asking.Task, () => _known, () => _unreachable, _ => new TaskCompletionSource().Task);

        Assert.Equal("registered", outcome.Answer);
        Assert.Null(outcome.Announced);
    }

    [Fact]
    public async Task A_known_task_is_answered_from_its_announcement_after_the_short_wait_while_a_replica_is_unreachable()
    {
        _known = Announced;
        _unreachable = true;

        var outcome = await WaitAsync();

        Assert.Same(Announced, outcome.Announced);
        Assert.Equal(Deadlines.RegistrationWhileReplicaUnreachable, outcome.Waited);
        Assert.Single(_waits);
    }

    [Fact]
    public async Task A_known_task_with_every_replica_reachable_is_waited_for_longer()
    {
        _known = Announced;

        var outcome = await WaitAsync();

        Assert.Same(Announced, outcome.Announced);
        Assert.Equal(Deadlines.RegistrationOfKnownTask, outcome.Waited);
        Assert.Equal(Deadlines.RegistrationOfKnownTask, _waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }

    [Fact]
    public async Task A_task_announced_while_the_registration_waits_is_answered_from_it_without_the_full_wait()
    {
        // Unknown when the registration arrived; announced, and its replica unreachable, during the first wait.
        var outcome = await WaitAsync(afterWait: n =>
        {
            if (n != 1) return;
            _known = Announced;
            _unreachable = true;
        });

        Assert.Same(Announced, outcome.Announced);
        Assert.Equal(Deadlines.RegistrationWhileReplicaUnreachable, outcome.Waited);
        Assert.False(_asking.Task.IsCompleted);
    }

    [Fact]
    public async Task A_task_nobody_announced_is_waited_for_to_the_end_then_looked_up_once_more()
    {
        var waiting = WaitAsync();
        Assert.False(waiting.IsCompleted);

        // Created meanwhile by another client's registration; this one's ask ran out.
        _known = Announced;
        _asking.SetResult(null);
        var outcome = await waiting;

        Assert.Null(outcome.Answer);
        Assert.Same(Announced, outcome.Announced);
        Assert.Equal(Deadlines.Registration, outcome.Waited);
    }

    [Fact]
    public async Task A_task_that_refuses_is_not_answered_from_an_announcement()
    {
        var waiting = WaitAsync();
        _known = Announced;
        _asking.SetResult("refused");

        var outcome = await waiting;

        Assert.Equal("refused", outcome.Answer);
        Assert.Null(outcome.Announced);
    }
}
