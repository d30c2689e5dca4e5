namespace UptakeSim.Experiments;

/// <summary>Every exit code of the tool (the README's list).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A failure while running (a full disk, a lost cluster).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a scenario, override, observations file, checkpoint or argument; nothing was run or written.</summary>
    public const int BadInput = 2;

    /// <summary>A calibration that did not converge; its results are written, flagged.</summary>
    public const int NotConverged = 3;

    /// <summary>Stopped by Ctrl-C or SIGTERM; what completed is written, flagged partial.</summary>
    public const int Interrupted = 130;
}
