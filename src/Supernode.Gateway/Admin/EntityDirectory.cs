using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Supernode.Actors.Protocol;
using Supernode.Gateway.Hosting;

namespace Supernode.Gateway.Admin;

/// <summary>
/// Which entities of a kind exist, cluster-wide: the persistence ids in the journal (the SQL read journal every
/// replica shares), then each entity asked for its view. Forgotten entities may keep a persistence id for a
/// while and answer that they are unknown; they are left out. Costs one recovery per entity, so it is for ops
/// lists, not for hot paths.
/// </summary>
public sealed class EntityDirectory(ActorSystem system)
{
    /// <summary>Asks at most this many entities at once: a list must not starve the dfget traffic of a replica.</summary>
    private const int Parallelism = 16;

    public async Task<IReadOnlyList<string>> IdsAsync(string shardType, CancellationToken ct)
    {
        var prefix = ShardNames.PersistenceId(shardType, "");
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var ids = await journal.CurrentPersistenceIds()
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(id => id[prefix.Length..])
            .RunWith(Sink.Seq<string>(), system.Materializer());
        ct.ThrowIfCancellationRequested();
        return ids;
    }

    /// <summary>The answers of <typeparamref name="TView"/> type of every entity of the kind to <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<TView>> ViewsAsync<TView>(string shardType, IActorRef region, Func<string, object> query, CancellationToken ct)
    {
        var ids = await IdsAsync(shardType, ct);
        var views = new List<TView>(ids.Count);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            // An entity that does not answer in time is left out of this list; the next list asks again.
            if (await region.AskOrNullAsync(query(id), Deadlines.ListEntry, token) is TView view)
                lock (views) views.Add(view);
        });
        return views;
    }
}
