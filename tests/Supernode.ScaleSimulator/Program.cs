// scalesim: the scale simulator and the memory probe; see docs/scale-simulator.md.
using Supernode.ScaleSimulator;

const string Usage = """
    usage: scalesim sim [--quick] [--n 100,1000,10000] [--policies go,ours,ours-narrow,ours-32] [--seeds 2]
                        [--file-mib 200] [--piece-mib 4] [--client-mbps 200 | --client-down-mbps M --client-up-mbps M]
                        [--supernode-mbps 2000] [--latency-ms 1] [--arrival-window-s 0] [--plot DIR]
           scalesim memory
      sim     N clients fetch one file through one supernode, every pull answered by the real PieceScheduler;
              default N = 100, 300, 1,000, 3,000, 10,000 (--quick: up to 1,000). Prints markdown tables;
              --plot DIR writes scale-median-vs-n.png and the completion curves at the largest N.
      memory  bytes of scheduler state per client: 10,000 clients on one task, and 1,000 tasks of 10.
    """;

try
{
    var cl = new CommandLine(args, new HashSet<string> { "quick" });
    switch (cl.Command)
    {
        case "sim":
            Commands.Sim(cl);
            return 0;
        case "memory":
            Commands.Memory(cl);
            return 0;
        case "help":
            Console.WriteLine(Usage);
            return 0;
        default:
            throw new ArgumentException($"unknown command {cl.Command}");
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"scalesim: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
