namespace Supernode.Cdn;

/// <summary>
/// Reading a source's body failed: the connection broke, or no byte came within the read timeout. Distinct from an
/// <see cref="IOException"/> of the repo's disk, because only this one is worth asking the source again for.
/// </summary>
public sealed class SourceReadException(string message, Exception? inner = null) : IOException(message, inner);
