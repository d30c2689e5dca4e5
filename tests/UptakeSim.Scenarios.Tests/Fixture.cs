using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

/// <summary>Loads scenario text the way the CLI loads a file, with the real CCG list as the bundled default.</summary>
internal static class Fixture
{
    public const string File = "test.yaml";

    public static string BundledCsv { get; } = Path.Combine(AppContext.BaseDirectory, "data", "ccgs_2015.csv");

    public static ScenarioLoader Loader { get; } = new(BundledCsv);

    public static LoadedScenario LoadText(string yaml, params string[] overrides) =>
        Loader.LoadText(yaml, File, AppContext.BaseDirectory, overrides);

    public static Scenario Load(string yaml, params string[] overrides) => LoadText(yaml, overrides).Scenario;

    public static IReadOnlyList<ScenarioError> Errors(string yaml, params string[] overrides) =>
        Assert.Throws<ScenarioException>(() => LoadText(yaml, overrides)).Errors;

    public static ScenarioError SingleError(string yaml, params string[] overrides) => Assert.Single(Errors(yaml, overrides));

    /// <summary>A temporary folder, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("uptakesim-scenarios-").FullName;

        public string Write(string name, string text)
        {
            var path = System.IO.Path.Combine(Path, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
