using Supernode.Actors.Tasks;

namespace Supernode.Gateway.Dfget;

/// <summary>The <c>code</c> values of dfget's ResultInfo envelope (docs/protocol.md) and how dfget reacts to each.</summary>
public static class ResultCodes
{
    /// <summary>Registration accepted.</summary>
    public const int Success = 200;
    public const int SystemError = 500;
    public const int ParamError = 501;
    public const int TargetNotFound = 502;
    public const int PeerFinish = 600;
    public const int PeerContinue = 601;
    public const int PeerWait = 602;
    /// <summary>Registration: dfget tries the next supernode.</summary>
    public const int TaskConflict = 606;
    /// <summary>Registration: dfget stops trying supernodes and downloads from the source (unless --notbs).</summary>
    public const int UrlNotReachable = 607;
    /// <summary>Registration: dfget stops with an error and does not download from the source.</summary>
    public const int NeedAuth = 608;
    public const int PieceReported = 611;
    public const int PeerDown = 612;

    /// <summary>A refused registration: dfget stops on 608, tries its next supernode on 606, goes to the source on 607.</summary>
    public static int OfRegistrationFailure(RegistrationFailure reason) => reason switch
    {
        RegistrationFailure.SourceAuthRequired => NeedAuth,
        RegistrationFailure.TaskConflict => TaskConflict,
        _ => UrlNotReachable,
    };

    /// <summary>A pull that cannot be served: 500 makes dfget give up on the supernode's copy, 502 register again.</summary>
    public static int OfPullFailure(PullFailure failure) => failure switch
    {
        PullFailure.CopyFailed => SystemError,
        _ => TargetNotFound,
    };
}
