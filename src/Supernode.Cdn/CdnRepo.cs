namespace Supernode.Cdn;

/// <summary>
/// Where a replica keeps its CDN copies: <c>&lt;homeDir&gt;/repo</c>, with a task's data file, <c>.meta</c> and
/// <c>.md5</c> under <c>download/&lt;taskId[0:3]&gt;/</c>, so the download port serves the data file at the
/// same relative path.
/// </summary>
public sealed class CdnRepo(string repoDir)
{
    public const string DownloadBucket = "download";

    public string RepoDir { get; } = Path.GetFullPath(repoDir);

    public string TaskDir(string taskId) => Path.Combine(RepoDir, DownloadBucket, CheckedId(taskId)[..3]);

    public string DataPath(string taskId) => Path.Combine(TaskDir(taskId), taskId);

    public string MetaPath(string taskId) => DataPath(taskId) + ".meta";

    public string Md5Path(string taskId) => DataPath(taskId) + ".md5";

    public void EnsureTaskDir(string taskId) => Directory.CreateDirectory(TaskDir(taskId));

    /// <summary>
    /// The repo's identity: a random id written into it the first time, so the copies in it are known as this disk's
    /// whatever addresses and ports the replica has this start.
    /// </summary>
    public string Identity()
    {
        var path = Path.Combine(RepoDir, "identity");
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } known) return known;
        Directory.CreateDirectory(RepoDir);
        var id = Guid.NewGuid().ToString("N");
        var aside = $"{path}.{id}.tmp";
        File.WriteAllText(aside, id);
        File.Move(aside, path, overwrite: true);
        return id;
    }

    /// <summary>
    /// Removes the task's <c>.meta</c>, <c>.md5</c> and data file. Missing files are not an error; a directory where
    /// one of them should be (the repo is the supernode's alone) is removed too, else no copy could ever be made again.
    /// </summary>
    public void DeleteCopyFiles(string taskId)
    {
        if (!Directory.Exists(TaskDir(taskId))) return;
        foreach (var path in new[] { MetaPath(taskId), Md5Path(taskId), DataPath(taskId) })
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
    }

    /// <summary>Every finished or unfinished copy under the repo with its size and last uses (its <c>.meta</c> access time and interval).</summary>
    public IEnumerable<CopyOnDisk> CopiesOnDisk()
    {
        var bucket = Path.Combine(RepoDir, DownloadBucket);
        if (!Directory.Exists(bucket)) yield break;
        foreach (var meta in Directory.EnumerateFiles(bucket, "*.meta", SearchOption.AllDirectories))
        {
            var taskId = Path.GetFileNameWithoutExtension(meta);
            if (!IsTaskId(taskId) || CdnFileMeta.Read(meta) is not { } m) continue;
            var data = new FileInfo(DataPath(taskId));
            yield return new CopyOnDisk(taskId, data.Exists ? data.Length : 0, m.AccessTime, InUse: false, m.Interval);
        }
    }

    /// <summary>Go deleteTaskFiles: the copy's files, then its bucket directory if nothing else is in it.</summary>
    public void DeleteTaskFiles(string taskId)
    {
        DeleteCopyFiles(taskId);
        var dir = TaskDir(taskId);
        try
        {
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
        catch (IOException)
        {
            // Another task of the same bucket wrote a file in between: the directory is still in use.
        }
    }

    /// <summary>Task ids become file names: only the lowercase hex of a sha256 is accepted.</summary>
    private static bool IsTaskId(string taskId) => taskId.Length == 64 && taskId.All(char.IsAsciiHexDigitLower);

    private static string CheckedId(string taskId)
    {
        if (!IsTaskId(taskId))
            throw new ArgumentException($"not a task id: '{taskId}'", nameof(taskId));
        return taskId;
    }
}
