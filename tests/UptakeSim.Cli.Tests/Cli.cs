using System.Diagnostics;

namespace UptakeSim.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Err);

/// <summary>Runs the real command-line tool in a child process, as an analyst would; the child is always killed if
/// the test gives up on it.</summary>
public static class Cli
{
    public static string RepositoryRoot => TestSupport.TestFiles.RepositoryRoot;

    public static string Scenario(string name) => Path.Combine(RepositoryRoot, "scenarios", name);

    /// <summary>
    /// The child runs under <c>env --default-signal=INT</c> (which then runs dotnet in its own process, same pid): a
    /// test run started in the background by a shell without job control inherits SIGINT as ignored (POSIX), and .NET
    /// leaves an ignored SIGINT ignored, so Ctrl-C could not be tested from there.
    /// </summary>
    private static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "uptakesim.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return Process.Start(start)!;
    }

    /// <param name="minutes">How long the command may take: a bound against a hang, far above its time on a loaded machine.</param>
    public static CliResult Run(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, int minutes = 3)
    {
        using var process = Start(args, environment, workingDirectory);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(minutes))) throw new TimeoutException($"uptakesim {string.Join(' ', args)} did not finish in {minutes} minutes");
            return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// Starts the tool, waits for a line of its stdout that is the <paramref name="signal"/> (work done, far more to
    /// come: the workloads are sized so that the command cannot end first), stops it (by default one SIGINT, as
    /// Ctrl-C) and returns how it ended.
    /// </summary>
    public static CliResult Interrupt(IEnumerable<string> args, Func<string, bool> signal, Action<Process>? stop = null)
    {
        using var process = Start(args, null, null);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var seen = new System.Text.StringBuilder();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                seen.AppendLine(line);
                if (signal(line)) break;
            }
            if (line is null) throw new InvalidOperationException($"the command ended before the signal: {seen}{stderr.Result}");
            (stop ?? SigInt)(process);
            var rest = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) throw new TimeoutException("the command did not stop within 2 minutes of the signal");
            return new CliResult(process.ExitCode, seen.Append(rest.Result).ToString(), stderr.Result);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    public static void SigInt(Process process) => Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();

    public static string TempDirectory() => TestSupport.TestFiles.NewTempDirectory();
}
