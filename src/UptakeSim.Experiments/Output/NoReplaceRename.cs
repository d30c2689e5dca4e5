using System.Runtime.InteropServices;

namespace UptakeSim.Experiments.Output;

/// <summary>
/// Renames a folder only if nothing has the new name, atomically: on Linux <c>renameat2(RENAME_NOREPLACE)</c>, so
/// two runs committing to one name at the same moment cannot replace each other's results (a check followed by a
/// rename could). Where the call or the flag is missing (another system, an old kernel or file system), it falls back
/// to <see cref="Directory.Move"/>, which checks first.
/// </summary>
public static partial class NoReplaceRename
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameNoReplace = 1;
    private const int AlreadyExists = 17, NotEmpty = 39, NotSupported = 38, Invalid = 22;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; false when <paramref name="to"/> exists.</summary>
    public static bool TryMove(string from, string to)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (RenameAt2(AtCurrentDirectory, from, AtCurrentDirectory, to, RenameNoReplace) == 0) return true;
                var error = Marshal.GetLastPInvokeError();
                if (error is AlreadyExists or NotEmpty) return false;
                if (error is not (NotSupported or Invalid)) throw new IOException($"cannot rename {from} to {to} ({Marshal.GetPInvokeErrorMessage(error)})");
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No renameat2 in this C library: the checked move below.
            }
        }
        if (Directory.Exists(to) || File.Exists(to)) return false;
        Directory.Move(from, to);
        return true;
    }

    /// <summary>Renames, or throws when <paramref name="to"/> exists.</summary>
    public static void Move(string from, string to)
    {
        if (!TryMove(from, to)) throw new IOException($"cannot rename {from} to {to}: the name is taken");
    }
}
