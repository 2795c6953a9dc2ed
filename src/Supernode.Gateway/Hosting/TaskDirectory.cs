using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// The tasks of the cluster as this replica last heard of them (<see cref="TaskAnnouncements"/>): enough to answer a
/// registration of a known task while the task itself cannot answer, its replica being replaced after a crash.
/// Bounded: a replica keeps the most recent <see cref="Capacity"/> tasks, which is what a registration storm needs.
/// </summary>
public sealed class TaskDirectory
{
    /// <summary>The pub-sub topic every task announces itself on.</summary>
    public const string Topic = "tasks";

    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, TaskAnnouncements.Known> _tasks = new(StringComparer.Ordinal);

    /// <summary>The task as announced, if it is known and has <paramref name="source"/> (else it is another task or none).</summary>
    public TaskAnnouncements.Known? Find(string taskId, TaskSource source) =>
        _tasks.TryGetValue(taskId, out var known) && known.Source.IsSameTaskAs(source) ? known : null;

    /// <summary>The task's group entities as last announced; 1 (the task itself) when it is not known here.</summary>
    public int GroupsOf(string taskId) => _tasks.TryGetValue(taskId, out var known) ? known.Groups : 1;

    public void Learn(TaskAnnouncements.IAnnouncement announcement)
    {
        if (announcement is TaskAnnouncements.Known known)
        {
            // Make room by dropping a tenth, whichever: a task that is still in use announces itself again when it
            // next recovers, and a registration it answers now is answered by the task itself.
            if (_tasks.Count >= Capacity)
                foreach (var id in _tasks.Keys.Take(Capacity / 10).ToList()) _tasks.TryRemove(id, out _);
            _tasks[known.TaskId] = known;
        }
        else
        {
            _tasks.TryRemove(announcement.TaskId, out _);
        }
    }

    /// <summary>How a task entity announces itself: published to every replica's directory.</summary>
    public static Action<TaskAnnouncements.IAnnouncement> Publisher(ActorSystem system)
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        return announcement => mediator.Tell(new Publish(Topic, announcement));
    }

    /// <summary>Starts the actor that subscribes this directory to the announcements.</summary>
    public void Watch(ActorSystem system) => system.ActorOf(Props.Create(() => new Subscriber(this)), "task-directory");

    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(TaskDirectory directory)
        {
            Receive<TaskAnnouncements.IAnnouncement>(directory.Learn);
            Receive<SubscribeAck>(_ => { });
        }

        protected override void PreStart() => DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self));
    }
}
