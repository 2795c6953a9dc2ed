namespace Supernode.Gateway.Configuration;

/// <summary>The three settings naming one port's (or both ports') <see cref="TlsFiles"/>, checked together when loaded.</summary>
internal sealed record TlsSettings(
    Setting<SecurityOptions, string> Certificate,
    Setting<SecurityOptions, string> Key,
    Setting<SecurityOptions, string> Password,
    Func<SecurityOptions, TlsFiles> Files);
