using System.Text.RegularExpressions;
using Supernode.Testing;

namespace Supernode.Actors.Tests;

/// <summary>
/// The repository stands alone: every document its code, tests and docs point to is in it, and comments speak of the
/// code, not of the project's history.
/// </summary>
public sealed class DocumentReferencesTests
{
    private static readonly string[] TextExtensions = [".cs", ".md", ".json", ".sh", ".csproj", ".props", ".yaml", ".yml", ".conf"];

    private static readonly Regex DocsPath = new(@"\bdocs/[\w.-]+\.md\b");
    private static readonly Regex MarkdownLink = new(@"\]\((?!https?:)([^)#\s]+\.md)(#[^)]*)?\)");
    private static readonly Regex History = new(@"\b[Ii]ssue \d+\b");

    [Fact]
    public void Every_docs_path_named_anywhere_exists()
    {
        var missing = from file in TextFiles()
                      from Match m in DocsPath.Matches(File.ReadAllText(file))
                      where !File.Exists(Path.Combine(RepoPaths.Root, m.Value))
                      select $"{Relative(file)}: {m.Value}";
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_relative_markdown_link_resolves()
    {
        var missing = from file in TextFiles().Where(f => f.EndsWith(".md", StringComparison.Ordinal))
                      from Match m in MarkdownLink.Matches(File.ReadAllText(file))
                      where !File.Exists(Path.Combine(Path.GetDirectoryName(file)!, m.Groups[1].Value))
                      select $"{Relative(file)}: {m.Groups[1].Value}";
        Assert.Empty(missing);
    }

    [Fact]
    public void No_comment_or_doc_tells_the_projects_history()
    {
        var told = from file in TextFiles().Where(f => !f.EndsWith("benchmarks.md", StringComparison.Ordinal))
                   from Match m in History.Matches(File.ReadAllText(file))
                   select $"{Relative(file)}: {m.Value}";
        Assert.Empty(told);
    }

    private static IEnumerable<string> TextFiles()
    {
        var roots = new[] { "src", "tests", "docs", "deploy", ".ci" }.Select(d => Path.Combine(RepoPaths.Root, d)).Where(Directory.Exists);
        var skipped = new[] { "bin", "obj", "node_modules" }.Select(d => $"{Path.DirectorySeparatorChar}{d}{Path.DirectorySeparatorChar}").ToArray();
        return roots.SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.TopDirectoryOnly))
            .Where(f => TextExtensions.Contains(Path.GetExtension(f)) && !skipped.Any(f.Contains))
            .Where(f => !f.EndsWith(nameof(DocumentReferencesTests) + ".cs", StringComparison.Ordinal));
    }

    private static string Relative(string file) => Path.GetRelativePath(RepoPaths.Root, file);
}
