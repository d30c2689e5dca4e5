using System.Diagnostics;

namespace UptakeSim.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Err);

/// <summary>Runs the real command-line tool in a child process, as an analyst would.</summary>
public static class Cli
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UptakeSim.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("UptakeSim.sln not found above the test directory");
    }

    public static string Scenario(string name) => Path.Combine(RepositoryRoot, "scenarios", name);

    public static CliResult Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "uptakesim.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"uptakesim {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the tool, waits for its first progress line (replications done, more in flight), sends SIGINT,
    /// and returns how it ended and how long it took to stop.</summary>
    public static (CliResult Result, TimeSpan Stopping) Interrupt(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "uptakesim.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            seen.AppendLine(line);
            if (line.StartsWith("runs ", StringComparison.Ordinal)) break;
        }
        if (line is null) throw new InvalidOperationException($"the run ended before any progress: {seen}{stderr.Result}");
        var clock = Stopwatch.StartNew();
        Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        seen.Append(process.StandardOutput.ReadToEnd());
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) throw new TimeoutException("did not stop after SIGINT");
        return (new CliResult(process.ExitCode, seen.ToString(), stderr.Result), clock.Elapsed);
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "uptakesim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
