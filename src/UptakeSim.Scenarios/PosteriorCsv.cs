using System.Globalization;
using UptakeSim.Analysis;

namespace UptakeSim.Scenarios;

/// <summary>A posterior as read: the parameter names of its columns, in file order, and its particles.</summary>
public sealed record PosteriorTable(IReadOnlyList<string> Names, AbcGeneration Generation);

/// <summary>
/// Reads a generation of particles written by <see cref="PosteriorFile.Write"/> (calibrate's posterior.csv, a
/// scenario's <c>posterior:</c>, <c>sensitivity --posterior</c>, a calibration checkpoint), the one reader of that
/// format: read as every input is (<see cref="InputCsv"/>: a bounded regular file, RFC 4180, no repeated column),
/// with every row checked (the same generation throughout, finite values, weights >= 0 whose sum is positive and
/// finite once scaled by the largest). Problems are <see cref="ScenarioError"/>s at file:line:column.
/// </summary>
public static class PosteriorCsv
{
    private static readonly string ExpectedHeader = $"expected a header {string.Join(',', PosteriorFile.FixedColumns)},<parameters> (a posterior.csv written by calibrate)";

    /// <summary>The file's particles, over all its parameter columns (<paramref name="parameterNames"/> null) or exactly those named.</summary>
    /// <param name="errorAt">Where a problem with the file as a whole is reported (see <see cref="InputCsv.Open"/>).</param>
    public static PosteriorTable Read(string path, IReadOnlyList<string>? parameterNames = null, Func<string, ScenarioError>? errorAt = null)
    {
        using var csv = InputCsv.Open(path, "a posterior CSV written by calibrate", ExpectedHeader, int.MaxValue, "particles", errorAt);
        return Read(csv, parameterNames);
    }

    /// <summary>The particles of posterior CSV text (e.g. from a checkpoint), named <paramref name="displayName"/> in errors.</summary>
    public static PosteriorTable Parse(string text, string displayName, IReadOnlyList<string>? parameterNames = null)
    {
        using var csv = InputCsv.FromText(text, displayName, ExpectedHeader, int.MaxValue, "particles");
        return Read(csv, parameterNames);
    }

    private static PosteriorTable Read(InputCsv csv, IReadOnlyList<string>? parameterNames)
    {
        var path = csv.Path;
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        var fixedColumns = PosteriorFile.FixedColumns;
        for (var i = 0; i < fixedColumns.Count; i++)
        {
            if (i >= header.Length || header[i] != fixedColumns[i])
                throw new ScenarioException(new ScenarioError(path, 1, i + 1, $"expected column {i + 1} to be '{fixedColumns[i]}'; {ExpectedHeader}"));
        }
        var columns = header[fixedColumns.Count..];
        if (columns.Length == 0) throw new ScenarioException(new ScenarioError(path, 1, header.Length + 1, $"no parameter columns; {ExpectedHeader}"));
        var names = parameterNames ?? columns;
        var missing = names.Where(n => !columns.Contains(n)).ToArray();
        if (missing.Length > 0) throw new ScenarioException(new ScenarioError(path, 1, 1, $"no column for {string.Join(", ", missing)}; expected parameter columns {string.Join(", ", names)}"));
        var extra = columns.Where(c => !names.Contains(c)).ToArray();
        if (extra.Length > 0) throw new ScenarioException(new ScenarioError(path, 1, 1, $"unexpected parameter column(s) {string.Join(", ", extra)}; expected {string.Join(", ", names)}"));
        var position = names.Select(n => fixedColumns.Count + Array.IndexOf(columns, n)).ToArray();

        var particles = new List<Particle>();
        (int Index, double Tolerance, long Simulations, long Total)? generation = null;
        var firstLine = 0;
        var seen = new Dictionary<string, int>();
        while (csv.Read())
        {
            if (csv.FieldCount != header.Length)
            {
                csv.Error(Math.Min(csv.FieldCount, header.Length) + 1, $"{csv.FieldCount} fields; expected {header.Length} as in the header");
                continue;
            }
            var errors = csv.Errors.Count;
            double Field(int i, string what, Func<double, bool> valid)
            {
                var text = csv[i].Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value)) return value;
                csv.Error(i + 1, $"{InputText.Quote(text)} in column {header[i]}; expected {what}");
                return 0;
            }
            var here = (
                (int)Field(0, "a generation number >= 0", v => v >= 0 && v == Math.Floor(v) && v <= int.MaxValue),
                Field(1, "a tolerance >= 0 (or Infinity)", v => v >= 0),
                (long)Field(2, "a count of simulations >= 1", v => v >= 1 && v == Math.Floor(v) && v <= long.MaxValue / 2),
                (long)Field(3, "a count of simulations >= 1", v => v >= 1 && v == Math.Floor(v) && v <= long.MaxValue / 2));
            var weight = Field(4, "a weight >= 0", v => v >= 0 && double.IsFinite(v));
            var distance = Field(5, "a distance >= 0", v => v >= 0);
            var values = position.Select(i => Field(i, "a finite number", double.IsFinite)).ToArray();
            if (csv.Errors.Count > errors) continue;
            if (generation is { } g && g != here)
            {
                csv.Error(1, $"generation {here.Item1} (tolerance {here.Item2}); expected every row to describe the generation of line {firstLine} ({g.Index}, tolerance {g.Tolerance})");
                continue;
            }
            // A row copied twice would silently double its particle's weight.
            var key = string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            if (!seen.TryAdd(key, csv.Line))
            {
                csv.Error(position[0] + 1,
                    $"the particle of line {seen[key]} again (every parameter the same); expected each particle once, with its weight in one row");
                continue;
            }
            if (generation is null) firstLine = csv.Line;
            generation = here;
            particles.Add(new Particle(values, weight, distance, []));
        }
        if (csv.Errors.Count > 0) throw new ScenarioException(csv.Errors);
        if (generation is not { } found) throw new ScenarioException(new ScenarioError(path, 2, 1, "no particles; expected one row per particle after the header"));
        // Scaled by the largest weight, the sum cannot overflow: weights that are all 0 are the only bad case left.
        var largest = particles.Max(p => p.Weight);
        if (!(largest > 0)) throw new ScenarioException(new ScenarioError(path, firstLine, 5, "every weight is 0; expected some positive weight"));
        // Weights are kept as written (not renormalised), so a checkpoint resumes bit for bit.
        return new PosteriorTable(names, new AbcGeneration(found.Index, found.Tolerance, particles, found.Simulations, found.Total));
    }
}
