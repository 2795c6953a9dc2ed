using System.Diagnostics;

namespace Supernode.Testing;

/// <summary>
/// A small tmpfs mounted on a directory (the test runs as root): a real volume that really fills up, for disk-full
/// faults. Unmounted on dispose, lazily if a process still holds a file on it.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="mebibytes"/> MiB on <paramref name="path"/>, created if missing.</summary>
    public static TmpfsMount Create(string path, int mebibytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m", "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Fills the volume with a file until at most <paramref name="leaveFreeBytes"/> are left; returns its path.</summary>
    public string Fill(string name, long leaveFreeBytes)
    {
        var filler = System.IO.Path.Combine(Path, name);
        var bytes = Math.Max(0, FreeBytes - leaveFreeBytes);
        using var f = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var chunk = new byte[1 << 20];
        for (long written = 0; written < bytes; written += chunk.Length)
            f.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
        return filler;
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        if (!TryRun("umount", Path)) TryRun("umount", "-l", Path);
    }

    private static void Run(string file, params string[] args)
    {
        if (!TryRun(file, args)) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (the disk tests need root)");
    }

    private static bool TryRun(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        if (!p.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            p.Kill();
            return false;
        }
        return p.ExitCode == 0;
    }
}
