using System.Globalization;

namespace Supernode.Actors.Tasks;

/// <summary>
/// What a dfget client id tells: dfget names each download <c>&lt;ip&gt;-&lt;pid&gt;-&lt;unix seconds&gt;.&lt;millis&gt;</c>,
/// the time it started. A pull from a client the task does not know is answered by that: one that started moments
/// ago registered with a replica that answered for the task while the task could not, and its registration is on
/// its way (it waits); an older one was forgotten, and registers again.
/// </summary>
public static class DfgetCid
{
    /// <summary>How long after its start a client's registration may still be on its way to its task.</summary>
    public static readonly TimeSpan RegistrationInFlight = TimeSpan.FromSeconds(90);

    /// <summary>When the client started, or null for an id not made the way dfget makes them.</summary>
    public static DateTimeOffset? StartedAt(string cid)
    {
        var dash = cid.LastIndexOf('-');
        if (dash < 0 || !decimal.TryParse(cid.AsSpan(dash + 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < 1_000_000_000 or > 100_000_000_000)
            return null;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
    }

    /// <summary>The client started within <see cref="RegistrationInFlight"/> of <paramref name="now"/> (either way: clocks differ).</summary>
    public static bool IsRecent(string cid, DateTimeOffset now) =>
        StartedAt(cid) is { } started && (now - started).Duration() <= RegistrationInFlight;
}
