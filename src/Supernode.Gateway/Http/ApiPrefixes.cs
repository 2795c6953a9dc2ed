namespace Supernode.Gateway.Http;

/// <summary>
/// Where the REST routes of the API documents are served: under <c>/api/v1</c> (the current document) and without a
/// prefix (its earlier revision, which Harbor's preheat and older clients use). Both reach the same handlers.
/// </summary>
public static class ApiPrefixes
{
    public static IReadOnlyList<string> All { get; } = ["/api/v1", ""];
}
