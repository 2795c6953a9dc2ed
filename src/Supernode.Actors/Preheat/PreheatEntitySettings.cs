namespace Supernode.Actors.Preheat;

/// <param name="Retention">How long a finished job is kept (and answers GET, and makes a re-POST answer 208).</param>
/// <param name="PollEvery">How often a running job asks its tasks how their copies are doing.</param>
/// <param name="JobTimeout">An unfinished job fails after this long (Go: 30 minutes).</param>
/// <param name="SnapshotEvery">Save a snapshot every this many events (a job of many layers has one event per layer).</param>
public sealed record PreheatEntitySettings(
    TimeSpan Retention,
    TimeSpan? PollEvery = null,
    TimeSpan? JobTimeout = null,
    int SnapshotEvery = 50)
{
    public TimeSpan PollInterval => PollEvery ?? TimeSpan.FromSeconds(1);

    public TimeSpan Timeout => JobTimeout ?? TimeSpan.FromMinutes(30);
}
