using System.Globalization;

namespace UptakeSim.Analysis;

/// <summary>
/// A generation of particles as CSV (posterior.csv, or a checkpoint to resume from): a header
/// <c>generation,tolerance,simulations,total_simulations,weight,distance,</c> then one column per parameter by name;
/// one row per particle. The first four columns describe the generation and repeat on every row, so the file stays a
/// plain table. Numbers are written round-trip exact, so a generation read back resumes exactly. Summaries are not
/// stored (particles read back have none). The input layer reads it back (UptakeSim.Scenarios, <c>PosteriorCsv</c>).
/// </summary>
public static class PosteriorFile
{
    private static readonly string[] Fixed = ["generation", "tolerance", "simulations", "total_simulations", "weight", "distance"];

    /// <summary>The columns before the parameters.</summary>
    public static IReadOnlyList<string> FixedColumns => Fixed;

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

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
