namespace UptakeSim.TestSupport;

/// <summary>Where the tests find the repository and the bundled inputs, and where they write.</summary>
public static class TestFiles
{
    /// <summary>The repository's root: the folder above the test's build output that holds UptakeSim.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UptakeSim.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("UptakeSim.sln not found above the test directory");
    }

    /// <summary>A file of the repository (data/..., scenarios/...), read where it is.</summary>
    public static string InRepository(params string[] path) => Path.Combine([RepositoryRoot, .. path]);

    private static readonly Lazy<string> TempRoot = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("uptakesim-tests-").FullName;
        // The test host exits once every test has run: whatever the tests wrote goes with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempFolder.Remove(root);
        return root;
    });

    /// <summary>A new empty folder for one test, under this test process's own temporary folder, which is removed when
    /// the process exits (the tests' child processes and results folders write there).</summary>
    public static string NewTempDirectory() => Directory.CreateDirectory(Path.Combine(TempRoot.Value, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The loader as the tool makes it, with the repository's CCG list as its default.</summary>
    public static Scenarios.ScenarioLoader Loader() => new(InRepository("data", "ccgs_2015.csv"));
}

/// <summary>A folder of the system's temporary folder that a test writes in, removed with everything in it when
/// disposed, so no test leaves files behind.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "uptakesim-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Remove(Path);

    internal static void Remove(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone (the test removed it).
        }
    }
}
