using System.Text.Json;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Support;

/// <summary>One operation of <c>docs/openapi.json</c>: what it takes and which statuses it may answer.</summary>
/// <param name="Fields">Query parameters, or the body's properties (for <see cref="BodyTypes"/>), by name and JSON type.</param>
/// <param name="BodyTypes">Content types of the request body, empty when it takes none.</param>
public sealed record OpenApiOperation(
    string Method,
    string Template,
    bool NeedsAdminToken,
    IReadOnlyList<(string Name, string Type)> Query,
    IReadOnlyList<(string Name, string Type)> Fields,
    IReadOnlyList<string> BodyTypes,
    IReadOnlySet<int> Statuses)
{
    public static readonly string DocumentPath = Path.Combine(RepoPaths.Root, "docs", "openapi.json");

    public static IReadOnlyList<OpenApiOperation> All { get; } = Read();

    public override string ToString() => $"{Method} {Template}";

    private static List<OpenApiOperation> Read()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DocumentPath));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        return doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => Of(op.Name.ToUpperInvariant(), path.Name, op.Value, schemas)))
            .ToList();
    }

    private static OpenApiOperation Of(string method, string template, JsonElement op, JsonElement schemas)
    {
        var query = op.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
                .Select(p => (p.GetProperty("name").GetString()!, TypeOf(p.GetProperty("schema")))).ToList()
            : [];
        var fields = new List<(string, string)>();
        var bodyTypes = new List<string>();
        if (op.TryGetProperty("requestBody", out var body))
            foreach (var content in body.GetProperty("content").EnumerateObject())
            {
                bodyTypes.Add(content.Name);
                if (fields.Count > 0) continue;
                var schema = content.Value.GetProperty("schema");
                if (schema.TryGetProperty("$ref", out var reference)) schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                if (schema.TryGetProperty("properties", out var properties))
                    fields.AddRange(properties.EnumerateObject().Select(p => (p.Name, TypeOf(p.Value))));
            }
        var statuses = op.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name)).ToHashSet();
        return new(method, template, op.TryGetProperty("security", out _), query, fields, bodyTypes, statuses);
    }

    private static string TypeOf(JsonElement schema) => schema.TryGetProperty("type", out var type) ? type.GetString()! : "object";
}
