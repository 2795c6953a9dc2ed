namespace Supernode.Gateway.Configuration;

/// <summary>The <c>database:</c> section: the store behind Akka.Persistence.</summary>
public sealed record DatabaseOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite it defaults to <c>Data Source=&lt;homeDir&gt;/supernode.db</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Keeps the password out of logs that print the options.</summary>
    public override string ToString() =>
        $"DatabaseOptions {{ Provider = {Provider}, ConnectionString = {Secrets.MaskConnectionString(ConnectionString)} }}";
}
