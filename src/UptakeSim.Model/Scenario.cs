namespace UptakeSim.Model;

/// <summary>
/// A complete what-if, as the model sees it: who the CCGs are, what is assumed about them, what NHSE does and how
/// CCGs respond. Files on disk become a <see cref="Scenario"/> through UptakeSim.Scenarios.
/// </summary>
public sealed record Scenario(
    string Name,
    string Description,
    Horizon Horizon,
    CcgPopulation Population,
    PopulationAssumptions Assumptions,
    NhsePressurePolicy Policy,
    BehaviourCoefficients Behaviour,
    int Runs,
    ulong Seed)
{
    /// <summary>The CCG mergers the population goes through (none unless the scenario gives them).</summary>
    public MergerSchedule Mergers { get; init; } = MergerSchedule.None;
}
