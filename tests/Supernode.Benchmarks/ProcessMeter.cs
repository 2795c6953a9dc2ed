using System.Diagnostics;

namespace Supernode.Benchmarks;

/// <summary>CPU seconds and resident memory of a process, read from <c>/proc</c> (Linux) between two points of a run.</summary>
public sealed class ProcessMeter(int pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _cpuStart = CpuSeconds(pid);

    public static ProcessMeter Self() => new(Environment.ProcessId);

    /// <summary>Cores used on average since this meter started (1.0 = one core busy all the time).</summary>
    public double Cores => Seconds / _clock.Elapsed.TotalSeconds;

    /// <summary>CPU seconds used since this meter started.</summary>
    public double Seconds => CpuSeconds(pid) - _cpuStart;

    public double RssMiB => RssMiBOf(pid);

    public static double RssMiBOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return 0;
    }

    private static double CpuSeconds(int pid)
    {
        // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }
}
