namespace Supernode.Gateway.Configuration;

/// <summary>The <c>security:</c> section.</summary>
public sealed record SecurityOptions
{
    /// <summary>Bearer token the admin endpoints require; empty leaves them open, as in Go.</summary>
    public string AdminToken { get; init; } = "";

    /// <summary>Keeps the token out of logs that print the options.</summary>
    public override string ToString() => $"SecurityOptions {{ AdminToken = {Secrets.MaskToken(AdminToken)} }}";
}
