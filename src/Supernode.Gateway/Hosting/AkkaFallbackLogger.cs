using Akka.Event;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// What Akka logs while <see cref="AkkaLogBridge"/> is not running (before it starts, after it stops during a
/// shutdown): warnings and errors only, written in the console format of the rest of the log. Akka's own fallback
/// writes every level in a format of its own.
/// </summary>
public sealed class AkkaFallbackLogger : MinimalLogger
{
    public const string Hocon = """
        akka.stdout-loglevel = WARNING
        akka.stdout-logger-class = "Supernode.Gateway.Hosting.AkkaFallbackLogger, Supernode.Gateway"
        """;

    protected override void Log(object message)
    {
        if (message is not LogEvent e || e.LogLevel() < Akka.Event.LogLevel.WarningLevel) return;
        var level = e.LogLevel() == Akka.Event.LogLevel.WarningLevel ? "WRN" : "ERR";
        var cause = e.Cause is null ? "" : $": {e.Cause.Message}";
        Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {level} {e.Message}{cause}");
    }
}
