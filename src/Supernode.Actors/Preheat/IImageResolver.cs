using System.Collections.Immutable;

namespace Supernode.Actors.Preheat;

/// <summary>
/// Reads an image's manifest from its registry and names its layer blobs (implemented next to the other source
/// HTTP clients, in Supernode.Cdn: nothing in the actors speaks HTTP).
/// </summary>
public interface IImageResolver
{
    /// <summary>The layers of the image <paramref name="request"/> names; throws <see cref="ImageResolutionException"/> with a readable reason.</summary>
    Task<ImageLayers> ResolveAsync(PreheatRequest request, CancellationToken ct);
}

/// <param name="Layers">Each distinct layer blob: its digest and <c>…/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> URL.</param>
/// <param name="BlobHeaders">The request's headers as they fetched the manifest (with the bearer token obtained, if any).</param>
public sealed record ImageLayers(ImmutableArray<ImageLayer> Layers, ImmutableSortedDictionary<string, string> BlobHeaders);

public sealed record ImageLayer(string Digest, string Url);

/// <summary>Why an image could not be resolved, said so that ops can act on it (it becomes the job's errorMsg).</summary>
public sealed class ImageResolutionException(string message) : Exception(message);
