using System.Text;

namespace UptakeSim.Scenarios;

/// <summary>
/// The one reader of every file the tool reads (scenarios, CSV inputs, posteriors, checkpoints, <c>uptakesim.json</c>):
/// it refuses anything but a regular file of bounded size. A file whose size is 0 is refused without being opened:
/// that is how devices (<c>/dev/zero</c>) and pipes look, which could otherwise be read without end or block forever.
/// At most the limit (plus one byte) is ever read, so a file that grows while it is read cannot exhaust memory either.
/// </summary>
public static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="what">How messages name the file, e.g. "base file 'x.yaml'".</param>
    /// <param name="expected">What the file should be, e.g. "a scenario YAML file".</param>
    /// <param name="errorAt">Where a problem with the file as a whole is reported (the file, or the key naming it).</param>
    /// <param name="displayName">How errors inside the file (binary bytes) name it.</param>
    public static string ReadText(string path, string displayName, string what, string expected, int maxBytes, Func<string, ScenarioError> errorAt) =>
        Decode(ReadBytes(path, what, expected, maxBytes, errorAt), displayName, expected);

    /// <summary>The bytes of a regular file of at most <paramref name="maxBytes"/>, read in bounded time and memory.</summary>
    /// <param name="followLinks">False to refuse a symbolic link (a file the tool wrote itself, such as a checkpoint,
    /// is never a link, and one planted there must not lead the tool elsewhere).</param>
    public static byte[] ReadBytes(string path, string what, string expected, long maxBytes, Func<string, ScenarioError> errorAt, bool followLinks = true)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                if (!followLinks) throw new ScenarioException(errorAt($"{what} is a symbolic link; expected {expected}, never a link"));
                // A link's own size is that of the path it holds: what matters is the file it leads to.
                info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            }
            if (!info.Exists)
            {
                var kind = Directory.Exists(path) ? "is a folder" : $"not found (looked for {info.FullName})";
                throw new ScenarioException(errorAt($"{what} {kind}; expected {expected}"));
            }
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            throw new ScenarioException(errorAt($"{what} is not a valid path; expected {expected}"));
        }
        catch (IOException)
        {
            throw new ScenarioException(errorAt($"{what} is a link that leads nowhere or in a circle; expected {expected}"));
        }
        // Devices (/dev/zero), pipes and /proc files have size 0: refused without being opened, so never read without end or waited on.
        if (info.Length == 0) throw new ScenarioException(errorAt($"{what} is empty or not a regular file (a device or a pipe); expected {expected}"));
        if (info.Length > maxBytes) throw new ScenarioException(errorAt($"{what} has {info.Length} bytes; expected {expected} of at most {maxBytes} bytes"));

        try
        {
            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            // One byte more than the file's size, to notice a file longer than it said (growing, or not a plain file).
            var bytes = new byte[info.Length + 1];
            var length = 0;
            int read;
            while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0) length += read;
            if (length > info.Length) throw new ScenarioException(errorAt($"{what} grew while it was read; expected {expected} that is not being written"));
            Array.Resize(ref bytes, length);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(errorAt($"cannot read {what} ({e.GetType().Name}); expected a readable file"));
        }
    }

    /// <summary>UTF-8 (a byte order mark is dropped); invalid bytes or a NUL are refused at their line and column.</summary>
    public static string Decode(byte[] bytes, string displayName, string expected)
    {
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var nul = bytes.AsSpan(start).IndexOf((byte)0);
        int? bad = nul >= 0 ? start + nul : null;
        string text = "";
        try
        {
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            bad = Math.Min(bad ?? int.MaxValue, start + Math.Max(0, e.Index));
        }
        if (bad is not { } at) return text;
        var before = bytes.AsSpan(start, at - start);
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        throw new ScenarioException(new ScenarioError(displayName, line, column,
            $"byte 0x{bytes[at]:X2} is not UTF-8 text (a binary file?); expected {expected} as UTF-8 text"));
    }
}
