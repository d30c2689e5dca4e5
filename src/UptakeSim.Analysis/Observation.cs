namespace UptakeSim.Analysis;

/// <summary>
/// One observed figure to calibrate against, as read from a line of an observations file: in <see cref="Quarter"/>
/// (like 2015Q1), for <see cref="Scope"/> (England or a region), <see cref="Measure"/> is the count (level1, level2,
/// level3) or share (share_level1, ...) of CCGs at a co-commissioning level, known to within <see cref="Sd"/>.
/// </summary>
public sealed record Observation(string Quarter, string Scope, string Measure, double Value, double Sd, string Source, int Line)
{
    public FinancialQuarter Period => FinancialQuarter.Parse(Quarter);

    /// <summary>The co-commissioning level, 1 (greater involvement), 2 (joint) or 3 (delegated).</summary>
    public int Level => Measure[^1] - '0';

    /// <summary>True for a share of the scope's CCGs (0..1), false for a count.</summary>
    public bool IsShare => Measure.StartsWith("share_", StringComparison.Ordinal);
}

/// <summary>One problem in an observations file, at its 1-based line and field number (0:0 for the whole file).</summary>
public sealed record ObservationError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Every problem found in an observations file, in line order, thrown together so one edit can fix them all.</summary>
public sealed class ObservationException : Exception
{
    public ObservationException(IReadOnlyList<ObservationError> errors)
        : this(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray())
    {
    }

    private ObservationException(ObservationError[] sorted)
        : base(string.Join('\n', sorted))
    {
        Errors = sorted;
    }

    public IReadOnlyList<ObservationError> Errors { get; }
}
