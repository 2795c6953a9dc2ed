namespace Supernode.Actors.Tasks;

/// <summary>The state of a task's CDN copy: WAITING → RUNNING → SUCCESS | FAILED (a failed copy is retried by the next registration).</summary>
public enum CdnStatus
{
    Waiting = 0,
    Running = 1,
    Success = 2,
    Failed = 3,
}

public static class CdnStatusNames
{
    public static string WireName(this CdnStatus status) => status switch
    {
        CdnStatus.Waiting => "WAITING",
        CdnStatus.Running => "RUNNING",
        CdnStatus.Success => "SUCCESS",
        _ => "FAILED",
    };
}
