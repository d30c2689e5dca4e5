using System.Runtime.InteropServices;

namespace UptakeSim.Reports.Tests;

/// <summary>
/// Captures what native code (Skia's debug printing) writes to the process's standard error, file descriptor 2, which
/// <see cref="Console.SetError"/> cannot see: fd 2 is pointed at a temporary file while the action runs.
/// </summary>
internal static class NativeStderr
{
    public static string Capture(Action action, int descriptor = 2)
    {
        var file = Path.GetTempFileName();
        try
        {
            using (var sink = new FileStream(file, FileMode.Open, FileAccess.Write))
            {
                var saved = Dup(descriptor);
                Assert.True(saved >= 0, "dup(2) failed");
                Assert.True(Dup2((int)sink.SafeFileHandle.DangerousGetHandle(), descriptor) >= 0, "dup2 failed");
                try
                {
                    action();
                }
                finally
                {
                    _ = Dup2(saved, descriptor);
                    _ = Close(saved);
                }
            }
            return File.ReadAllText(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int fd, int fd2);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
