namespace Supernode.ScaleSimulator.Memory;

/// <summary>A population of scheduler state to weigh.</summary>
/// <param name="Downloading">
/// Each client holds the first half of the pieces and runs 4 more (its assignments and their timeout entries
/// included); otherwise each holds every piece (the longest holder lists).
/// </param>
public sealed record MemoryScenario(int Tasks, int ClientsPerTask, int Pieces, bool Downloading)
{
    public int Clients => Tasks * ClientsPerTask;

    public string Label =>
        $"{Tasks:N0} task{(Tasks == 1 ? "" : "s")} × {ClientsPerTask:N0} clients, {Pieces} pieces, {(Downloading ? "downloading" : "all held")}";

    /// <summary>10,000 clients on one task (50 and 100 pieces) and 1,000 tasks.</summary>
    public static IReadOnlyList<MemoryScenario> Standard { get; } =
    [
        new(1, 10_000, 50, Downloading: false),
        new(1, 10_000, 50, Downloading: true),
        new(1, 10_000, 100, Downloading: false),
        new(1, 10_000, 100, Downloading: true),
        new(1_000, 10, 50, Downloading: true),
        new(1_000, 10, 100, Downloading: true),
    ];
}
