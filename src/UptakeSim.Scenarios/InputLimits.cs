namespace UptakeSim.Scenarios;

/// <summary>
/// The limits every input file and value is held to, so a malformed or hostile input is refused with a located
/// error in bounded time and memory instead of exhausting them. Documented in the README, "Input limits".
/// </summary>
public static class InputLimits
{
    /// <summary>Largest scenario or base file: the bundled baseline is about 5 KB.</summary>
    public const int MaxYamlFileBytes = 1024 * 1024;

    /// <summary>Largest CCG list or observations file: the bundled CCG list is about 15 KB.</summary>
    public const int MaxCsvFileBytes = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of YAML mappings and sequences; the scenario schema needs 6.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most YAML nodes in a document once its aliases are expanded (stops "billion laughs").</summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>Most characters of scalar text in a document once its aliases are expanded.</summary>
    public const int MaxYamlTextChars = 4 * 1024 * 1024;

    /// <summary>Most <c>base:</c> files behind one scenario (a base of a base ...).</summary>
    public const int MaxBaseChain = 16;

    /// <summary>Most replications a scenario's <c>runs</c>, or <c>--runs</c>, may ask for.</summary>
    public const int MaxRuns = 10_000_000;

    /// <summary>Most replications per calibration step (<c>calibration.runs</c>, or calibrate's and hindcast's
    /// <c>--runs</c>): each is run for every particle or evaluation.</summary>
    public const int MaxCalibrationRuns = 100_000;

    /// <summary>Most scenarios one sweep may expand to, counted before any is built.</summary>
    public const int MaxSweepMembers = 1000;

    /// <summary>Most CCGs in a population, synthetic or from a CSV (England had 209 in 2015).</summary>
    public const int MaxCcgs = 10_000;

    /// <summary>Most regions in a population (England had 4 NHS England regions in 2015, 7 later); error messages list them.</summary>
    public const int MaxRegions = 100;

    /// <summary>Most columns in a CSV row.</summary>
    public const int MaxCsvColumns = 100;

    /// <summary>Most rows in an observations file.</summary>
    public const int MaxObservations = 100_000;

    /// <summary>Longest scenario name: names become folder and file names.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Longest sweep member name (the name and its [key=value;...] suffix); a file name may have 255 bytes.</summary>
    public const int MaxMemberNameLength = 200;

    /// <summary>Longest <c>--set</c> override.</summary>
    public const int MaxOverrideChars = 4096;

    /// <summary>Most problems listed for one load; the rest are counted, so a file that is not a scenario at all is
    /// not echoed key by key.</summary>
    public const int MaxErrors = 50;

    /// <summary>Longest piece of input quoted in an error message; longer ones are cut short with "...".</summary>
    public const int MaxQuotedChars = 60;
}
