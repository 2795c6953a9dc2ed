using Microsoft.Extensions.Logging;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Tests.Hosting;

/// <summary>The failover window a replica logs per task: a silence worth a line, not a busy task's hiccup.</summary>
public sealed class ReachabilityTests
{
    private readonly ManualClock _clock = new();
    private readonly LinesLogger _log = new();

    [Fact]
    public void A_task_that_answers_again_within_a_second_was_busy_and_logs_nothing()
    {
        var r = new Reachability(_log, _clock);

        r.Unanswered("t1");
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        r.Answered("t1");

        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void A_task_silent_for_longer_logs_one_line_with_its_silence()
    {
        var r = new Reachability(_log, _clock);

        r.Unanswered("t1");
        _clock.Advance(TimeSpan.FromSeconds(2));
        r.Unanswered("t1");
        _clock.Advance(TimeSpan.FromSeconds(3.2));
        r.Answered("t1");
        r.Answered("t1");

        Assert.Equal("Task t1 answers again after 5.2 s without an answer", Assert.Single(_log.Lines));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class LinesLogger : ILogger<Reachability>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
