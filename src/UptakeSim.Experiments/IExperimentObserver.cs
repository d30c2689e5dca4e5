using UptakeSim.Runner;

namespace UptakeSim.Experiments;

/// <summary>
/// What an experiment tells whoever follows it while it runs: replications completed (with the aggregate so far),
/// a batch run again, a step of its own (a calibration evaluation), and a note or warning that does not stop it.
/// </summary>
public interface IExperimentObserver
{
    void Progress(RunProgress progress);

    void Retry(BatchRetry retry);

    void Step(ExperimentStep step);

    void Note(string message);
}

/// <summary>A step of an experiment beyond batches, shown as <see cref="Describe"/> to people and as JSON with
/// <c>"event": Event</c> to programs.</summary>
public abstract record ExperimentStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public abstract string Event { get; }

    public abstract string Describe();

    /// <summary>What the terms of <see cref="Describe"/> mean, in plain words, or null when they need no saying. A
    /// method, not a property, so that it stays out of the step's JSON; views show it once, before the first step
    /// that has it.</summary>
    public virtual string? Legend() => null;
}

/// <summary>Follows nothing: for callers that want only the result.</summary>
public sealed class SilentObserver : IExperimentObserver
{
    public static readonly SilentObserver Instance = new();

    public void Progress(RunProgress progress)
    {
    }

    public void Retry(BatchRetry retry)
    {
    }

    public void Step(ExperimentStep step)
    {
    }

    public void Note(string message)
    {
    }
}
