using System.Globalization;

namespace UptakeSim.Analysis;

/// <summary>A problem in a posterior file, at its 1-based line and field (0 when the whole line or file is wrong).</summary>
public sealed class PosteriorFileException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>
/// A generation of particles as CSV (posterior.csv, or a checkpoint to resume from): a header
/// <c>generation,tolerance,simulations,total_simulations,weight,distance,</c> then one column per parameter by name;
/// one row per particle. The first four columns describe the generation and repeat on every row, so the file stays a
/// plain table. Numbers are written round-trip exact, so a generation read back resumes exactly. Summaries are not
/// stored (particles read back have none).
/// </summary>
public static class PosteriorFile
{
    private static readonly string[] Fixed = ["generation", "tolerance", "simulations", "total_simulations", "weight", "distance"];

    public static void Write(TextWriter writer, IReadOnlyList<string> parameterNames, AbcGeneration generation)
    {
        foreach (var name in parameterNames)
        {
            if (name.Length == 0 || name.IndexOfAny([',', '"', '\n', '\r']) >= 0 || Fixed.Contains(name))
            {
                throw new ArgumentException($"parameter name '{name}' cannot be a column; expected a non-empty name without commas, quotes or line breaks, other than {string.Join(", ", Fixed)}", nameof(parameterNames));
            }
        }
        writer.WriteLine(string.Join(',', Fixed.Concat(parameterNames)));
        var head = $"{generation.Index},{Number(generation.Tolerance)},{generation.Simulations},{generation.TotalSimulations}";
        foreach (var particle in generation.Particles)
        {
            if (particle.Parameters.Length != parameterNames.Count) throw new ArgumentException($"a particle has {particle.Parameters.Length} values; expected {parameterNames.Count}", nameof(generation));
            writer.WriteLine($"{head},{Number(particle.Weight)},{Number(particle.Distance)},{string.Join(',', particle.Parameters.Select(Number))}");
        }
    }

    /// <summary>
    /// Reads a generation whose parameter columns are <paramref name="parameterNames"/> (in any order; values come back
    /// in the order of the names). Throws <see cref="PosteriorFileException"/> naming the line and what was expected.
    /// </summary>
    public static AbcGeneration Read(string path, IReadOnlyList<string> parameterNames)
    {
        if (!File.Exists(path)) throw new PosteriorFileException(path, 0, 0, "file not found; expected a posterior CSV written by calibrate");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new PosteriorFileException(path, 1, 0, $"empty file; expected a header {string.Join(',', Fixed)},<parameters>");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        for (var i = 0; i < Fixed.Length; i++)
        {
            if (i >= header.Length || header[i] != Fixed[i]) throw new PosteriorFileException(path, 1, i + 1, $"expected column {i + 1} to be '{Fixed[i]}' (header {string.Join(',', Fixed)},<parameters>)");
        }
        var columns = header[Fixed.Length..];
        var missing = parameterNames.Where(n => !columns.Contains(n)).ToArray();
        if (missing.Length > 0) throw new PosteriorFileException(path, 1, 0, $"no column for {string.Join(", ", missing)}; the file has parameters {string.Join(", ", columns)}");
        var extra = columns.Where(c => !parameterNames.Contains(c)).ToArray();
        if (extra.Length > 0) throw new PosteriorFileException(path, 1, 0, $"unexpected parameter column(s) {string.Join(", ", extra)}; expected {string.Join(", ", parameterNames)}");
        var position = parameterNames.Select(n => Fixed.Length + Array.IndexOf(columns, n)).ToArray();

        var particles = new List<Particle>();
        (int Index, double Tolerance, long Simulations, long Total)? generation = null;
        for (var l = 1; l < lines.Length; l++)
        {
            if (lines[l].Length == 0) continue;
            var line = l + 1;
            var fields = lines[l].Split(',');
            if (fields.Length != header.Length) throw new PosteriorFileException(path, line, 0, $"{fields.Length} fields; expected {header.Length} as in the header");
            double Field(int i, string what, Func<double, bool> valid)
            {
                if (double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value)) return value;
                throw new PosteriorFileException(path, line, i + 1, $"'{fields[i]}' in column {header[i]}; expected {what}");
            }
            var here = (
                (int)Field(0, "a generation number >= 0", v => v >= 0 && v == Math.Floor(v) && v <= int.MaxValue),
                Field(1, "a tolerance >= 0 (or Infinity)", v => v >= 0),
                (long)Field(2, "a count of simulations >= 1", v => v >= 1 && v == Math.Floor(v)),
                (long)Field(3, "a count of simulations >= 1", v => v >= 1 && v == Math.Floor(v)));
            if (generation is { } g && g != here) throw new PosteriorFileException(path, line, 0, $"generation {here.Item1} (tolerance {here.Item2}); expected every row to describe the generation of line 2 ({g.Index}, tolerance {g.Tolerance})");
            generation = here;
            var weight = Field(4, "a weight >= 0", v => v >= 0 && double.IsFinite(v));
            var distance = Field(5, "a distance >= 0", v => v >= 0);
            var values = position.Select(i => Field(i, "a finite number", double.IsFinite)).ToArray();
            particles.Add(new Particle(values, weight, distance, []));
        }
        if (generation is not { } found) throw new PosteriorFileException(path, 2, 0, "no particles; expected one row per particle after the header");
        if (!(particles.Sum(p => p.Weight) > 0)) throw new PosteriorFileException(path, 2, 5, "all weights are 0; expected some positive weight");
        // Weights are kept as written (not renormalised), so a checkpoint resumes bit for bit.
        return new AbcGeneration(found.Index, found.Tolerance, particles, found.Simulations, found.Total);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
