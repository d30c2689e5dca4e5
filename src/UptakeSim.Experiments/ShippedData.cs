using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>
/// The reference data UptakeSim ships beside its program (the build copies <c>data/</c> and <c>scenarios/</c> there):
/// the 2015 CCG list the loader defaults to, their boundaries for the maps, the observed national counts that
/// calibration fits and the charts overlay, and the baseline scenario.
/// </summary>
public static class ShippedData
{
    public static string CcgList => Beside("data", "ccgs_2015.csv");

    public static string Boundaries => Beside("data", "ccgs_2015.geojson");

    public static string Observations => Beside("data", "observations.csv");

    /// <summary>How <see cref="Observations"/> is named to the user: as in the repository, not the build's copy.</summary>
    public const string ObservationsName = "data/observations.csv";

    public static string Baseline => Beside("scenarios", "baseline.yaml");

    /// <summary>A scenario loader whose default CCG list is <see cref="CcgList"/>.</summary>
    public static ScenarioLoader Loader() => new(CcgList);

    private static string Beside(params string[] path) => Path.Combine([AppContext.BaseDirectory, .. path]);
}
