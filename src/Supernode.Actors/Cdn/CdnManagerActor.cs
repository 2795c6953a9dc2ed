namespace Supernode.Actors.Cdn;

/// <summary>Registry key of this replica's CDN manager (<c>/user/cdn</c>), which task entities ask for copies.</summary>
public sealed class CdnManagerActor;
