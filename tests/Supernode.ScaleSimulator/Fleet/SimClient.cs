using System.Collections;
using Supernode.Actors.Scheduling;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>dfget's pull loop for one client: one pull at a time, a result waiting to be carried, the 602 sleep.</summary>
internal sealed class SimClient(string cid, double arrival, int pieces)
{
    public string Cid { get; } = cid;

    public double Arrival { get; } = arrival;

    public LoopState State { get; set; } = LoopState.Idle;

    /// <summary>What the pull in flight was answered (the client sees it one latency later).</summary>
    public PullOutcome? Answer { get; set; }

    /// <summary>Pieces received, to catch a piece delivered twice.</summary>
    public BitArray Held { get; } = new(pieces);

    /// <summary>The latest piece result, carried by the next pull (dfget merges older ones away); −1 when none.</summary>
    public int CarriedPiece { get; set; } = -1;

    public string? CarriedSource { get; set; }

    /// <summary>The result the pull on its way carries (taken from <see cref="CarriedPiece"/> when it left); −1 when none.</summary>
    public int InFlightPiece { get; set; } = -1;

    public string? InFlightSource { get; set; }

    /// <summary>When the pull on its way was sent.</summary>
    public double PullSentAt { get; set; }

    public Backoff Backoff { get; } = new();

    /// <summary>Identifies the current sleep: a finished piece bumps it to cancel the sleep's wake-up.</summary>
    public int SleepToken { get; set; }

    public bool HasFirstPiece { get; set; }

    public enum LoopState : byte
    {
        /// <summary>Waiting for a piece result (every running piece is on the wire).</summary>
        Idle,

        /// <summary>A pull is on its way; results that arrive meanwhile are carried by the next one.</summary>
        Pulling,

        /// <summary>After a 602: sleeping until the wake-up or a finished piece.</summary>
        Sleeping,
    }
}
