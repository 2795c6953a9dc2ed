namespace Supernode.ScaleSimulator.Report;

/// <summary>
/// The Dragonfly 1.x README's "Comparison" (dragonflyoss/Dragonfly, README.md up to its 2.0 rewrite, image
/// docs/images/performance.png): average time for a 200 MB file, clients of 200 Mb/s, two supernodes and two
/// file sources of 2,000 Mb/s each. The bars carry no numbers: the wget ones are read off the image's pixels
/// (±3 s); the Dragonfly ones are all within a pixel of each other and the text says "12s in experiment".
/// Averages, not medians. wget has no bar past 1,200 clients: "the file source will crash".
/// </summary>
public static class ReadmeReference
{
    public static IReadOnlyList<(int Clients, double Seconds)> Wget { get; } =
        [(200, 102), (300, 163), (600, 370), (1_000, 679), (1_200, 833)];

    public static IReadOnlyList<(int Clients, double Seconds)> Dragonfly { get; } =
        [.. new[] { 200, 300, 600, 1_000, 1_200, 2_000, 3_000, 5_000, 6_000, 7_000 }.Select(n => (n, 12.0))];
}
