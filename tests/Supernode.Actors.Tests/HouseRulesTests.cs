using System.Text.RegularExpressions;
using Supernode.Testing;

namespace Supernode.Actors.Tests;

/// <summary>
/// The layering newcomers rely on: the domain (Supernode.Actors) knows neither the HTTP gateway nor the CDN worker,
/// and the scheduler is plain C# without Akka, so it is tested and benchmarked alone.
/// </summary>
public sealed class HouseRulesTests
{
    private static readonly string SourceRoot = Path.Combine(RepoPaths.Root, "src", "Supernode.Actors");

    [Fact]
    public void The_domain_references_neither_the_gateway_nor_the_cdn()
    {
        var references = typeof(Supernode.Actors.Tasks.TaskEntity).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain(references, name => name is "Supernode.Gateway" or "Supernode.Cdn");
        Assert.Empty(SourcesMatching(SourceRoot, new Regex(@"^using Supernode\.(Gateway|Cdn)\b", RegexOptions.Multiline)));
    }

    [Fact]
    public void The_scheduler_imports_no_akka()
    {
        Assert.Empty(SourcesMatching(Path.Combine(SourceRoot, "Scheduling"), new Regex(@"^using Akka\b|\bAkka\.", RegexOptions.Multiline)));
    }

    private static IEnumerable<string> SourcesMatching(string dir, Regex pattern) =>
        Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && pattern.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(dir, f));
}
