using System.Text;
using System.Text.RegularExpressions;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// The one results-folder convention: <c>results/[kind-]name-yyyyMMdd-HHmmss/</c> unless <c>--out</c> names it,
/// checked before any work, written whole into a hidden temporary sibling and renamed into place only when complete.
/// The tool only ever replaces or deletes what it wrote: every results folder carries a marker file
/// (<see cref="MarkerName"/>), <c>--overwrite</c> replaces a folder only if it has one and is not the working
/// directory, a folder above it or above an input, and the final rename never replaces a folder another run
/// committed meanwhile (<see cref="NoReplaceRename"/>). A failure (a full disk) or a second Ctrl-C removes the
/// temporary sibling, so nothing half-written is ever left under the name.
/// </summary>
public sealed partial class ResultsFolder : IDisposable
{
    /// <summary>The file that marks a folder as UptakeSim results, the only kind <c>--overwrite</c> replaces.</summary>
    public const string MarkerName = ".uptakesim-results";

    private const string MarkerText = "This folder holds results written by UptakeSim; `--overwrite` may replace it.\n";

    private static int s_reserved;
    private readonly bool _overwrite;
    private bool _committed;
    private volatile bool _abandoned;

    private ResultsFolder(string target, string staging, bool overwrite)
    {
        Target = target;
        Staging = staging;
        _overwrite = overwrite;
    }

    /// <summary>Where the results will be once complete (as the user named it).</summary>
    public string Target { get; private set; }

    /// <summary>Where they are written meanwhile.</summary>
    public string Staging { get; }

    public static string DefaultPath(string? kind, string name) =>
        Path.Combine("results", $"{(kind is null ? "" : kind + "-")}{FileName(name.Split('[')[0])}-{DateTime.Now:yyyyMMdd-HHmmss}");

    /// <summary>Sweep members are named like base[key=value;...]; file names keep the readable part.</summary>
    public static string FileName(string scenario) => UnsafeCharacters().Replace(scenario, "_");

    [GeneratedRegex("[^A-Za-z0-9._=+-]")]
    private static partial Regex UnsafeCharacters();

    /// <summary>Whether <paramref name="directory"/> is a results folder this tool wrote (its marker is a regular file).</summary>
    public static bool IsResults(string directory)
    {
        var marker = new FileInfo(Path.Combine(directory, MarkerName));
        return marker.Exists && marker.LinkTarget is null;
    }

    /// <summary>
    /// Checks <paramref name="target"/> and creates the temporary sibling, before any work. With
    /// <paramref name="overwrite"/>, an existing folder must be a results folder (<see cref="IsResults"/>) and none of
    /// <paramref name="protectedPaths"/> (the inputs, the checkpoint), the working directory or a folder above them.
    /// </summary>
    /// <param name="workingDirectory">The directory relative paths start from (default: the process's).</param>
    public static ResultsFolder Reserve(string target, bool overwrite, IEnumerable<string>? protectedPaths = null, string? workingDirectory = null)
    {
        var full = Check(target, overwrite, protectedPaths, workingDirectory);
        var parent = Path.GetDirectoryName(full) ?? full;
        var name = Path.GetFileName(full);
        var staging = Path.Combine(parent, $".{name}.{Environment.ProcessId}-{Interlocked.Increment(ref s_reserved)}.tmp");
        try
        {
            Directory.CreateDirectory(parent);
            RemoveAbandoned(parent, name);
            Directory.CreateDirectory(staging);
            if (Directory.EnumerateFileSystemEntries(staging).Any())
                throw new IOException($"{staging} exists and is not a staging folder of UptakeSim");
            File.WriteAllText(Path.Combine(staging, MarkerName), MarkerText, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out: cannot write in {parent} ({e.Message}); expected a writable directory");
        }
        return new ResultsFolder(target, staging, overwrite);
    }

    /// <summary>What <see cref="Reserve"/> checks, with no effect on disk: a command checks <c>--out</c> this way
    /// before anything else (a checkpoint folder, say) is touched. Returns the target's full path.</summary>
    /// <param name="checkpoint">A <c>--checkpoint</c> folder: refused at or inside the target, where the results are
    /// written whole in its place.</param>
    public static string Check(
        string target, bool overwrite, IEnumerable<string>? protectedPaths = null, string? workingDirectory = null, string? checkpoint = null)
    {
        var cwd = Path.TrimEndingDirectorySeparator(workingDirectory ?? Environment.CurrentDirectory);
        if (target.Length == 0) throw new InputException("--out: empty; expected the path of a directory for the results");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target, cwd));
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            throw new InputException($"--out: {InputText(target)} is not a valid path; expected the path of a directory for the results");
        }
        if (checkpoint is { Length: > 0 } && Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint, cwd)) is var saved
            && (saved == full || saved.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var where = saved == full ? "the results folder" : "inside the results folder";
            throw new InputException($"--checkpoint: {InputText(checkpoint)} is {where} {InputText(target)} (--out); "
                + "expected a folder apart from the results, which are written whole in the place of --out");
        }
        var info = new DirectoryInfo(full);
        if (File.Exists(full)) throw new InputException($"--out: {InputText(target)} is a file; expected a directory for the results");
        if (info.LinkTarget is not null) throw new InputException($"--out: {InputText(target)} is a link; expected a directory for the results (name the folder itself)");
        if (info.Exists && info.EnumerateFileSystemInfos().Any())
        {
            if (!overwrite)
                throw new InputException($"--out: {InputText(target)} already exists and is not empty; expected a new directory, or --overwrite to replace results written by UptakeSim");
            if (!IsResults(full))
                throw new InputException($"--out: {InputText(target)} is not an UptakeSim results folder (it has no {MarkerName} file); --overwrite replaces only results folders the tool wrote, so expected one of those or a new directory");
            if (ProtectedBy(full, cwd, protectedPaths ?? []) is { } reason)
                throw new InputException($"--out: {InputText(target)} {reason}; --overwrite would delete it, so expected another directory for the results");
        }
        if (Path.GetDirectoryName(full) is { } above && File.Exists(above)) throw new InputException($"--out: {InputText(above)} is a file; expected a directory to hold the results");
        return full;
    }

    /// <summary>Removes the staging folders of this name left by processes that no longer run (killed with kill -9, or
    /// a second Ctrl-C racing a write): only folders with the results marker, named after a process that is gone.</summary>
    private static void RemoveAbandoned(string parent, string name)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var folder in Directory.EnumerateDirectories(parent, $".{name}.*.tmp"))
        {
            var middle = Path.GetFileName(folder)[(name.Length + 2)..^".tmp".Length];
            var pid = middle.Split('-')[0];
            if (!int.TryParse(pid, out var id) || id == Environment.ProcessId || Directory.Exists($"/proc/{id}") || !IsResults(folder)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run's cleanup got there first, or it is not ours to remove.
            }
        }
    }

    /// <summary>Why a results folder may not be replaced: it is the working directory or holds it, or holds an input.</summary>
    private static string? ProtectedBy(string folder, string cwd, IEnumerable<string> protectedPaths)
    {
        var inside = folder + Path.DirectorySeparatorChar;
        bool Holds(string path) => path == folder || path.StartsWith(inside, StringComparison.Ordinal);
        if (Holds(cwd)) return cwd == folder ? "is the working directory" : "holds the working directory";
        foreach (var input in protectedPaths)
        {
            var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(input, cwd));
            if (Holds(path)) return $"holds an input of this command ({InputText(input)})";
        }
        return null;
    }

    /// <summary>A path as messages show it: printable, and cut short only when absurdly long.</summary>
    private static string InputText(string text) => Scenarios.InputText.Printable(text, 240);

    /// <summary>Where a file of the results is written meanwhile.</summary>
    public string PathOf(string relative) =>
        // After a second Ctrl-C the staging folder is being removed: a write now would bring it back.
        _abandoned ? throw new OperationCanceledException("the results were abandoned") : Path.Combine(Staging, relative);

    public void Write(string relative, string content) => Write(relative, writer => writer.Write(content));

    /// <summary>Streams a file to disk as <paramref name="write"/> produces it: a comparison of a thousand scenarios
    /// never holds its hundreds of megabytes of CSV or JSON in memory.</summary>
    public void Write(string relative, Action<TextWriter> write)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        write(writer);
    }

    /// <summary>
    /// The complete results take the target's name. Without <c>--overwrite</c> the rename fails rather than replace
    /// anything (an empty folder named by <c>--out</c> is removed first, which only succeeds while it is empty). With
    /// it, the old results folder is moved aside, checked to be results still, and deleted once the new ones are in
    /// place. When another run committed to the name meanwhile, the results are kept beside it, under a name of this
    /// process, and <see cref="CommitException"/> says where.
    /// </summary>
    public void Commit()
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Target));
        string? old = null;
        if (_overwrite && Directory.Exists(full) && IsResults(full))
        {
            old = Staging[..^".tmp".Length] + ".old";
            NoReplaceRename.Move(full, old);
            if (!IsResults(old))
            {
                NoReplaceRename.Move(old, full);
                throw new CommitException($"{Target} changed while this command ran and is no longer an UptakeSim results folder; the new results are in {KeepAside(full)}");
            }
        }
        else if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any())
        {
            try
            {
                Directory.Delete(full, recursive: false);
            }
            catch (IOException)
            {
                // Filled meanwhile: the rename below refuses it.
            }
        }
        if (!NoReplaceRename.TryMove(Staging, full))
        {
            if (old is not null) NoReplaceRename.Move(old, full);
            throw new CommitException($"{Target} appeared while this command ran (another run?) and was left as it is; these results are in {KeepAside(full)}");
        }
        _committed = true;
        if (old is not null) Directory.Delete(old, recursive: true);
    }

    /// <summary>Renames the staging folder to a visible sibling named after this process, so complete results are not lost.</summary>
    private string KeepAside(string full)
    {
        var aside = $"{full}.{Environment.ProcessId}-{Interlocked.Increment(ref s_reserved)}";
        NoReplaceRename.Move(Staging, aside);
        Target = aside;
        _committed = true;
        return aside;
    }

    /// <summary>The entries written, for the line that says where the results are (the marker left out).</summary>
    public IReadOnlyList<string> Entries() =>
        Directory.EnumerateFileSystemEntries(_committed ? Target : Staging).Order(StringComparer.Ordinal)
            .Where(p => Path.GetFileName(p) != MarkerName)
            .Select(p => Path.GetFileName(p) + (Directory.Exists(p) ? "/" : "")).ToArray();

    /// <summary>Removes the temporary sibling unless committed: nothing half-written remains.</summary>
    public void Dispose()
    {
        _abandoned = true;
        if (_committed || !Directory.Exists(Staging) || !IsResults(Staging)) return;
        try
        {
            Directory.Delete(Staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A disk that failed the results may fail this too; the sibling is hidden and named after this process.
        }
    }
}

/// <summary>Complete results that could not take the name asked for (another run took it); the message says where they are.</summary>
public sealed class CommitException(string message) : IOException(message);
