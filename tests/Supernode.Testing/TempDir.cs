namespace Supernode.Testing;

/// <summary>A directory that exists for one test and is removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "supernode-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still hold a file for a moment; leftovers in /tmp are harmless.
        }
    }
}
