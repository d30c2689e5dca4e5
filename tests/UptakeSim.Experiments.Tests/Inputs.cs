using UptakeSim.Experiments;
using UptakeSim.Model;
using UptakeSim.Runner;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

/// <summary>The bundled scenarios and data, loaded as the tool loads them.</summary>
public static class Inputs
{
    public static string Bundled(params string[] path) => Path.Combine([AppContext.BaseDirectory, .. path]);

    public static ScenarioLoader Loader => new(Bundled("data", "ccgs_2015.csv"));

    public static ScenarioInputs Scenarios => new(Loader);

    public static string Baseline => Bundled("scenarios", "baseline.yaml");

    public static LoadedScenario Load(int runs, params string[] overrides) => Scenarios.Load(Baseline, overrides, runs);

    public static SimulationSetup Setup(int runs, params string[] overrides) => new(Load(runs, overrides).Scenario);

    public static string TempDirectory() => TestSupport.TestFiles.NewTempDirectory();

    /// <summary>Stops the experiment once <paramref name="runs"/> replications have completed; records what it saw.</summary>
    public sealed class StopAfter(int runs) : IExperimentObserver
    {
        private readonly CancellationTokenSource _stop = new();

        public CancellationToken Token => _stop.Token;

        public List<string> Notes { get; } = [];

        public List<ExperimentStep> Steps { get; } = [];

        public void Progress(RunProgress progress)
        {
            if (progress.RunsDone >= runs) _stop.Cancel();
        }

        public void Retry(BatchRetry retry)
        {
        }

        public void Step(ExperimentStep step)
        {
            Steps.Add(step);
            if (Steps.Count >= runs) _stop.Cancel();
        }

        public void Note(string message) => Notes.Add(message);
    }
}
