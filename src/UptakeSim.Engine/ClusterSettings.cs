using System.Text.Json;

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

    private static string? FromFile(string file)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            return json.RootElement.TryGetProperty("cluster", out var cluster) ? cluster.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ClusterConnectionException($"{file}: {e.Message}; expected {{\"cluster\": \"redis://host:port\"}} or a postgres:// address");
        }
    }
}
