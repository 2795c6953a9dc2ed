namespace Supernode.Actors.Preheat;

public enum PreheatStatus
{
    Waiting = 0,
    Running = 1,
    Success = 2,
    Failed = 3,
}

/// <summary>
/// One task a job warms: a layer blob of an image (<paramref name="Digest"/> set) or the file of a file preheat.
/// <paramref name="TaskId"/> is what a later pull of <paramref name="Url"/> computes, so that pull finds the copy.
/// <paramref name="Bytes"/> is how much of it the CDN copy holds, as last seen.
/// </summary>
public sealed record PreheatLayer(
    string Digest,
    string Url,
    string TaskId,
    PreheatStatus Status = PreheatStatus.Running,
    string Error = "",
    DateTimeOffset? FinishTime = null,
    long Bytes = 0)
{
    public bool Finished => Status is PreheatStatus.Success or PreheatStatus.Failed;
}
