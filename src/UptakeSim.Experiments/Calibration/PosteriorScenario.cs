using UptakeSim.Analysis;
using UptakeSim.Model;
using UptakeSim.Scenarios;
using YamlDotNet.RepresentationModel;

namespace UptakeSim.Experiments.Calibration;

/// <summary>A scenario's <c>posterior: FILE</c> as calibrate writes it into the scenario it produces (the loader reads
/// it back: <see cref="ScenarioLoader"/>).</summary>
public static class PosteriorScenario
{
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
}
