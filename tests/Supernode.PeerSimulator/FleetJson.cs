using System.Text.Json;

namespace Supernode.PeerSimulator;

/// <summary>A fleet's outcomes as JSON, so a fleet run in another process reports to the test that started it.</summary>
public static class FleetJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Write(FleetResult result) => JsonSerializer.Serialize(result, Options);

    public static FleetResult Read(string json) =>
        JsonSerializer.Deserialize<FleetResult>(json, Options) ?? throw new JsonException("no fleet result in the JSON");
}
