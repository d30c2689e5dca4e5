namespace UptakeSim.Scenarios;

/// <summary>
/// A modelling choice the record cannot settle, named in a scenario's <c>alternatives:</c> section: the settings it
/// changes, as <c>key=value</c> overrides (e.g. <c>behaviour.pressure_timing=at_window</c>), applied to every scenario
/// of a comparison by <c>compare --alternatives</c>. <paramref name="Declared"/> says where (file:line), for errors.
/// </summary>
public sealed record StructuralAlternative(string Name, IReadOnlyList<string> Settings, string Declared);
