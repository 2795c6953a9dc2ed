using System.Collections.Immutable;

namespace Supernode.Cdn;

/// <summary>
/// Progress of a copy: pieces from <paramref name="firstPiece"/> on are on disk with these md5 strings, and the
/// content length the source told (−1 unknown). Called in piece order; a call from piece 0 restates everything.
/// </summary>
public delegate void PiecesOnDisk(int firstPiece, ImmutableArray<string> pieceMd5s, long httpFileLength);
