namespace UptakeSim.Scenarios;

/// <summary>One problem in a scenario, a CCG file or a <c>--set</c> override, located where the user can fix it.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Every problem found while loading, thrown together so one edit can fix them all.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join('\n', errors))
    {
        Errors = errors;
    }

    public ScenarioException(ScenarioError error)
        : this([error])
    {
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
