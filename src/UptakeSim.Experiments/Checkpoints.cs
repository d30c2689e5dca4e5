using UptakeSim.Runner;

namespace UptakeSim.Experiments;

/// <summary>The rules of <c>--checkpoint DIR [--resume]</c>, the same for every command that checkpoints: every way
/// the options or the file can be wrong is bad input naming them, before any work.</summary>
public static class Checkpoints
{
    public static T? Open<T>(string? directory, bool resume, Func<T> open)
        where T : class
    {
        var problem = (directory, resume) switch
        {
            ("", _) => "--checkpoint: empty; expected the path of a directory for the checkpoint",
            (null, true) => "--resume: expected --checkpoint DIR naming the interrupted command's checkpoint",
            (not null, true) when !RunCheckpoint.Exists(directory) => $"--resume: {directory} holds no checkpoint; expected the directory given to --checkpoint in the interrupted command",
            (not null, false) when RunCheckpoint.Exists(directory) => $"--checkpoint: {directory} holds the checkpoint of an unfinished command; expected --resume to continue it, or another directory",
            _ => null,
        };
        if (problem is not null) throw new InputException(problem);
        if (directory is null) return null;
        try
        {
            return open();
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"--resume: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--checkpoint: cannot use {directory} ({e.Message}); expected a writable directory");
        }
    }
}
