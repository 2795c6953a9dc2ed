namespace Supernode.Cdn;

/// <summary>The source gave an answer the copy cannot use; the message says which, in words fit for a task's error.</summary>
public sealed class OriginException(string message) : Exception(message);
