namespace Supernode.Gateway.Configuration;

/// <summary>The <c>cluster:</c> section: how this replica joins the Akka cluster of supernodes.</summary>
public sealed record ClusterOptions
{
    /// <summary>Name of the actor system; every seed node address must use it.</summary>
    public const string SystemName = "supernode";

    /// <summary>Port used when seed nodes are set and no port is: the usual Akka remoting port.</summary>
    public const int DefaultSeededPort = 4053;

    /// <summary>Address remoting binds to. Defaults to <see cref="BaseOptions.ListenIP"/>.</summary>
    public required string Host { get; init; }

    /// <summary>Remoting port; 0 picks a free one. Defaults to 0 alone, <see cref="DefaultSeededPort"/> with seed nodes.</summary>
    public required int Port { get; init; }

    /// <summary>Host name other replicas reach this one at. Defaults to <see cref="BaseOptions.AdvertiseIP"/>.</summary>
    public required string PublicHost { get; init; }

    /// <summary>Addresses like <c>akka.tcp://supernode@supernode-0.supernode:4053</c>; none = a cluster of one.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = [];
}
