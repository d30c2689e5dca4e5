using UptakeSim.Model;

namespace UptakeSim.Experiments.Commands;

/// <summary>How a long-running command is shown while it goes on (plain lines, a live terminal view, or an NDJSON
/// stream): the same for every command.</summary>
public interface IProgressView : IExperimentObserver
{
    /// <summary>Where messages for the analyst go (stderr when stdout carries a machine-readable stream).</summary>
    TextWriter Messages { get; }

    void Started(JobStart start);

    Task<T> Around<T>(Func<Task<T>> run);

    void Final(JobOutcome outcome, TimeSpan elapsed);
}

/// <summary>What a command is about to do: its one-line description, and the scenario whose progress is shown.</summary>
public sealed record JobStart(string Command, string Description, SimulationSetup Setup, int BatchSize);

/// <summary>The engine a command runs on, for as long as the command runs.</summary>
public interface IEngineSession : IAsyncDisposable
{
    Runner.IReplicationEngine Engine { get; }
}
