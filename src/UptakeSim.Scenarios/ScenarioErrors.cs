namespace UptakeSim.Scenarios;

/// <summary>One problem in a scenario, a CCG file or a <c>--set</c> override, located where the user can fix it.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Every problem found while loading, thrown together so one edit can fix them all;
/// each file's problems in line order, files in the order their first problem was found.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : this(errors.GroupBy(e => e.File).SelectMany(file => file.OrderBy(e => e.Line).ThenBy(e => e.Column)).ToArray())
    {
    }

    private ScenarioException(ScenarioError[] sorted)
        : base(string.Join('\n', sorted))
    {
        Errors = sorted;
    }

    public ScenarioException(ScenarioError error)
        : this([error])
    {
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
