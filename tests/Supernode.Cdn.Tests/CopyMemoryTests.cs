using Supernode.Actors.Tasks;
using Supernode.Cdn.Guard;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

[CollectionDefinition(nameof(CopyMemoryTests), DisableParallelization = true)]
public sealed class CopyMemoryCollection;

/// <summary>Runs alone: it measures the process's allocations while one copy runs.</summary>
[Collection(nameof(CopyMemoryTests))]
public sealed class CopyMemoryTests
{
    [Fact]
    public async Task Copy_allocates_about_one_piece_whatever_the_file_size()
    {
        using var home = new TempDir();
        const long length = 100L * 1024 * 1024;
        var sourceFile = Path.Combine(home.Path, "source.bin");
        SeededContent.WriteFile(sourceFile, length, 31);
        await using var origin = new LoopbackOrigin();
        origin.ServeFile("/big", sourceFile);
        await origin.StartAsync();
        using var client = new OriginClient(TimeSpan.FromSeconds(4), SourceGuard.Default);
        var copier = new CdnCopier(new CdnRepo(Path.Combine(home.Path, "repo")), client);
        var cmd = Sources.Copy(Sources.Of(origin.Url("/big")), length);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await copier.CopyAsync(cmd, (_, _, _) => { }, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(PieceLayout.PieceCount(length, PieceLayout.DefaultPieceSize), outcome.PieceMd5s.Length);
        Assert.True(allocated < 3L * PieceLayout.DefaultPieceSize, $"{allocated} bytes allocated to copy {length} bytes");
    }
}
