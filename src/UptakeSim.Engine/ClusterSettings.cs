using System.Text.Json;
using UptakeSim.Scenarios;

namespace UptakeSim.Engine;

/// <summary>
/// Which cluster a command uses: <c>--cluster</c>, else the UPTAKESIM_CLUSTER environment variable, else "cluster" in
/// uptakesim.json in the current directory; none of them means the embedded in-process silo.
/// </summary>
public static class ClusterSettings
{
    public const string EnvironmentVariable = "UPTAKESIM_CLUSTER";
    public const string ConfigFile = "uptakesim.json";

    public static ClusterConnection? Resolve(string? option) =>
        Resolve(option, Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory());

    public static ClusterConnection? Resolve(string? option, string? environment, string directory)
    {
        if (!string.IsNullOrWhiteSpace(option)) return ClusterConnection.Parse(option);
        if (!string.IsNullOrWhiteSpace(environment)) return ClusterConnection.Parse(environment);
        var file = Path.Combine(directory, ConfigFile);
        return File.Exists(file) && FromFile(file) is { } text ? ClusterConnection.Parse(text) : null;
    }

    /// <summary>Largest uptakesim.json read: it holds one address.</summary>
    private const int MaxBytes = 64 * 1024;

    private static string? FromFile(string file)
    {
        string text;
        try
        {
            text = InputFile.ReadText(file, file, "file", "a JSON object like {\"cluster\": \"redis://host:port\"}", MaxBytes, message => new ScenarioError(file, 0, 0, message));
        }
        catch (ScenarioException e)
        {
            throw new ClusterConnectionException(e.Errors[0].ToString());
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            return json.RootElement.TryGetProperty("cluster", out var cluster) ? cluster.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ClusterConnectionException($"{file}: {e.Message}; expected {{\"cluster\": \"redis://host:port\"}} or a postgres:// address");
        }
    }
}
