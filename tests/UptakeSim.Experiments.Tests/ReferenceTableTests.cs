using System.Globalization;
using System.Text.RegularExpressions;
using UptakeSim.Experiments.Sensitivity;
using UptakeSim.Model;
using UptakeSim.Scenarios;

namespace UptakeSim.Experiments.Tests;

/// <summary>The README's reference table of scenario keys against the registries the tool runs on: every coefficient of
/// <see cref="CoefficientTable.Model"/> and every setting of <see cref="ScenarioSetting.All"/> (its declared range and
/// the default a scenario gets when it says nothing).</summary>
public partial class ReferenceTableTests
{
    private static readonly string[] Rows = File.ReadAllLines(TestSupport.TestFiles.InRepository("README.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void The_reference_lists_every_coefficient_of_the_table()
    {
        Assert.All(CoefficientTable.Model.ReferenceRows(), row => Assert.Contains(row, Rows));
    }

    [Fact]
    public void The_reference_gives_each_settings_declared_range_and_its_default()
    {
        var folder = Inputs.TempDirectory();
        var path = Path.Combine(folder, "defaults.yaml");
        File.WriteAllText(path, "name: defaults\n");
        var defaults = Inputs.Scenarios.Load(path, [], 1).Scenario;

        Assert.All(ScenarioSetting.All, setting =>
        {
            var (keys, type, shown) = RowOf(setting.Name);
            var range = setting.Range;
            var expected = range.Min == double.MinValue ? "number"
                : range.Max == double.MaxValue ? Invariant($">= {range.Min}")
                : Invariant($"{range.Min}..{range.Max}");
            Assert.True(type.Contains(expected, StringComparison.Ordinal), $"{setting.Name}: the README says '{type}'; its declared range is {range.Words} ('{expected}')");
            // A row naming several keys (`population.finance.mean`, `.sd`) gives their defaults in the same order.
            var value = double.Parse(shown.Split(", ")[keys.IndexOf(setting.Name)], CultureInfo.InvariantCulture);
            Assert.True(setting.Read(defaults) == value, $"{setting.Name}: the README's default is {value}; a scenario that says nothing gets {setting.Read(defaults)}");
        });
    }

    /// <summary>The row whose first cell names <paramref name="name"/>, in full or as a sibling (<c>`.sd`</c> after
    /// <c>`population.finance.mean`</c>): the keys it names, its type cell and its default cell.</summary>
    private static (List<string> Keys, string Type, string Default) RowOf(string name)
    {
        foreach (var row in Rows)
        {
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            var named = Key().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var keys = named.Select(k => k.StartsWith('.') ? named[0][..named[0].LastIndexOf('.')] + k : k).ToList();
            if (keys.Contains(name)) return (keys, cells[2], cells[3]);
        }
        throw new Xunit.Sdk.XunitException($"no row of the README's reference names {name}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Key();
}
