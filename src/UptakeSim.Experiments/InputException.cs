using UptakeSim.Analysis;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments;

/// <summary>
/// Bad input found before any work: each problem is one line naming the file (file:line:column) or the option
/// (<c>--option: what; expected ...</c>). Every command prints them the same way and exits 2.
/// </summary>
public sealed class InputException(IReadOnlyList<string> problems) : Exception(string.Join('\n', problems))
{
    public InputException(string problem)
        : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>The problems of any bad-input exception the inputs can raise, or null for anything else.</summary>
    public static IReadOnlyList<string>? ProblemsOf(Exception e) => e switch
    {
        InputException i => i.Problems,
        ScenarioException s => s.Errors.Select(x => x.ToString()).ToArray(),
        _ => null,
    };
}
