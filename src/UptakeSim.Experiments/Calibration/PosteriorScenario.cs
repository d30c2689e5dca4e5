using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Scenarios;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Experiments.Calibration;

/// <summary>
/// A scenario's <c>posterior: FILE</c>: the particles of a calibration (posterior.csv), from which each replication
/// draws one by weight (<see cref="CoefficientParticles"/>). The file's parameter columns must be behaviour
/// coefficients; any problem in it is bad input located in the file, or at the key when the file is missing.
/// </summary>
public static class PosteriorScenario
{
    /// <summary>The first columns of a posterior file, before the parameters.</summary>
    private const int FixedColumns = 6;

    public static LoadedScenario Attach(LoadedScenario loaded)
    {
        if (loaded.Posterior is not { } posterior) return loaded;
        var behaviour = loaded.Scenario.Behaviour;
        return loaded with { Scenario = loaded.Scenario with { Behaviour = behaviour with { Particles = Read(posterior, behaviour.Table) } } };
    }

    /// <summary>A resolved scenario's YAML that takes its coefficients from <paramref name="posteriorFile"/> (relative to the YAML's folder).</summary>
    public static string Naming(string resolvedYaml, string posteriorFile)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(resolvedYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        root.Children[new YamlScalarNode("posterior")] = new YamlScalarNode(posteriorFile);
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>The particles of a posterior file over the coefficients of <paramref name="table"/> it names.</summary>
    public static CoefficientParticles Read(string path, CoefficientTable table)
    {
        try
        {
            var header = File.ReadLines(path).FirstOrDefault()?.Split(',').Select(h => h.Trim()).ToArray() ?? [];
            var names = header.Skip(FixedColumns).ToArray();
            for (var i = 0; i < names.Length; i++)
            {
                if (table.IndexOf(names[i]) < 0)
                    throw new PosteriorFileException(path, 1, FixedColumns + i + 1, $"column '{names[i]}' is not a behaviour coefficient; expected parameter columns among {string.Join(", ", table.Names)}");
            }
            if (names.Length == 0 && header.Length >= FixedColumns)
                throw new PosteriorFileException(path, 1, 0, "no parameter columns; expected behaviour coefficients after the first six columns");
            var generation = PosteriorFile.Read(path, names);
            return CoefficientParticles.Posterior(
                names.Select(table.IndexOf).ToArray(),
                generation.Particles.Select(p => p.Parameters).ToArray(),
                generation.Particles.Select(p => p.Weight).ToArray());
        }
        catch (PosteriorFileException e)
        {
            throw new ScenarioException(new ScenarioError(e.File, e.Line, e.Column, e.Message[$"{e.File}:{e.Line}:{e.Column}: ".Length..]));
        }
        catch (IOException e)
        {
            throw new ScenarioException(new ScenarioError(path, 0, 0, $"cannot be read ({e.Message}); expected a posterior CSV written by calibrate"));
        }
    }
}
