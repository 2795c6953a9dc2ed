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

    /// <summary>Removes the task's <c>.meta</c>, <c>.md5</c> and data file. Missing files are not an error.</summary>
    public void DeleteCopyFiles(string taskId)
    {
        if (!Directory.Exists(TaskDir(taskId))) return;
        File.Delete(MetaPath(taskId));
        File.Delete(Md5Path(taskId));
        File.Delete(DataPath(taskId));
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
    private static string CheckedId(string taskId)
    {
        if (taskId.Length != 64 || !taskId.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"not a task id: '{taskId}'", nameof(taskId));
        return taskId;
    }
}
