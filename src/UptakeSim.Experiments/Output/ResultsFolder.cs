using System.Text;
using System.Text.RegularExpressions;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// The one results-folder convention: <c>results/[kind-]name-yyyyMMdd-HHmmss/</c> unless <c>--out</c> names it,
/// checked before any work (a file, an unwritable place or existing results without <c>--overwrite</c> are bad input),
/// written whole into a hidden temporary sibling and renamed into place only when complete. A failure (a full disk)
/// or a second Ctrl-C removes the temporary sibling, so nothing half-written is ever left under the name.
/// </summary>
public sealed partial class ResultsFolder : IDisposable
{
    private bool _committed;

    private ResultsFolder(string target, string staging)
    {
        Target = target;
        Staging = staging;
    }

    /// <summary>Where the results will be once complete.</summary>
    public string Target { get; }

    /// <summary>Where they are written meanwhile.</summary>
    public string Staging { get; }

    public static string DefaultPath(string? kind, string name) =>
        Path.Combine("results", $"{(kind is null ? "" : kind + "-")}{FileName(name.Split('[')[0])}-{DateTime.Now:yyyyMMdd-HHmmss}");

    /// <summary>Sweep members are named like base[key=value;...]; file names keep the readable part.</summary>
    public static string FileName(string scenario) => UnsafeCharacters().Replace(scenario, "_");

    [GeneratedRegex("[^A-Za-z0-9._=+-]")]
    private static partial Regex UnsafeCharacters();

    /// <summary>Checks <paramref name="target"/> and creates the temporary sibling, before any work.</summary>
    public static ResultsFolder Reserve(string target, bool overwrite)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new InputException($"--out: {target} is a file; expected a directory for the results");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !overwrite)
            throw new InputException($"--out: {target} already holds results; expected a new directory, or --overwrite to replace them");
        var parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        var staging = Path.Combine(parent, $".{Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(parent);
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            File.WriteAllText(Path.Combine(staging, ".write-test"), "");
            File.Delete(Path.Combine(staging, ".write-test"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out: cannot write in {parent} ({e.Message}); expected a writable directory");
        }
        return new ResultsFolder(target, staging);
    }

    public string PathOf(string relative) => Path.Combine(Staging, relative);

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    /// <summary>The complete results take the target's name (replacing what was there only if allowed at reserve).</summary>
    public void Commit()
    {
        var full = Path.GetFullPath(Target);
        var old = Staging[..^".tmp".Length] + ".old";
        if (Directory.Exists(full)) Directory.Move(full, old);
        Directory.Move(Staging, full);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        _committed = true;
    }

    /// <summary>The entries written, for the line that says where the results are.</summary>
    public IReadOnlyList<string> Entries() =>
        Directory.EnumerateFileSystemEntries(_committed ? Target : Staging).Order(StringComparer.Ordinal)
            .Select(p => Path.GetFileName(p) + (Directory.Exists(p) ? "/" : "")).ToArray();

    /// <summary>Removes the temporary sibling unless committed: nothing half-written remains.</summary>
    public void Dispose()
    {
        if (_committed || !Directory.Exists(Staging)) return;
        try
        {
            Directory.Delete(Staging, recursive: true);
        }
        catch (IOException)
        {
            // A disk that failed the results may fail this too; the sibling is hidden and named after this process.
        }
    }
}
