using Supernode.Actors.Protocol;

namespace Supernode.Actors.Preheat;

public interface IPreheatCommand : ISupernodeMessage, IWithPreheatId;

public static class PreheatCommands
{
    /// <summary>
    /// <c>POST /preheats</c>: start the job unless it runs or succeeded. Answered with <see cref="PreheatReplies.Accepted"/>
    /// or <see cref="PreheatReplies.AlreadyDone"/>.
    /// </summary>
    public sealed record Create(string PreheatId, PreheatRequest Request) : IPreheatCommand;

    /// <summary>Answered with <see cref="PreheatReplies.PreheatView"/> or <see cref="PreheatReplies.PreheatUnknown"/>.</summary>
    public sealed record Get(string PreheatId) : IPreheatCommand;

    /// <summary>Forget the job (its warmed tasks stay). Answered with <see cref="PreheatReplies.Deleted"/>.</summary>
    public sealed record Delete(string PreheatId) : IPreheatCommand;

    /// <summary>
    /// The keeper's periodic call: an unfinished job (after a crash or restart) resumes, a finished one past its
    /// retention is collected. Answered with <see cref="PreheatReplies.Woken"/>.
    /// </summary>
    public sealed record Wake(string PreheatId) : IPreheatCommand;
}
