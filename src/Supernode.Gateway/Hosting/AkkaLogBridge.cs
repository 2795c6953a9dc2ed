using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// Akka's log events into the host's logging (Serilog), under the category of the class that logged. Akka.Hosting's
/// own bridge logs everything under one category, so Akka's internals ("Akka.*": remoting, cluster, sharding, dead
/// letters) could not be held at warning level while the supernode's actors log at information.
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = [];

    public AkkaLogBridge()
    {
        _factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Forward);
    }

    private void Forward(LogEvent e)
    {
        var logger = LoggerFor(e.LogClass);
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => MelLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => MelLevel.Information,
            Akka.Event.LogLevel.WarningLevel => MelLevel.Warning,
            _ => MelLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        // A replica's connection closing (it died or left) is logged by remoting as a warning, then once more as an
        // error with a stack trace: the warning says it all. (The exception type is internal to Akka.Remote.)
        if (level == MelLevel.Error && e.Cause?.GetType().FullName == "Akka.Remote.EndpointDisassociatedException") return;
        if (e.Message is LogMessage message) logger.Log(level, e.Cause, message.Format, message.Parameters().ToArray());
        else logger.Log(level, e.Cause, "{Message}", e.Message);
    }

    private ILogger LoggerFor(Type? logClass)
    {
        var type = logClass ?? typeof(ActorSystem);
        if (!_loggers.TryGetValue(type, out var logger)) _loggers[type] = logger = _factory.CreateLogger(type.FullName ?? type.Name);
        return logger;
    }
}
