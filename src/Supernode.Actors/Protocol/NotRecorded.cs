namespace Supernode.Actors.Protocol;

/// <summary>
/// The journal failed or refused a write that a command needed: the command did nothing, and its caller learns it at
/// once rather than at its deadline. (A failed write also stops the entity until the journal takes writes again.)
/// </summary>
public sealed record NotRecorded(string PersistenceId, string Reason) : ISupernodeMessage;
