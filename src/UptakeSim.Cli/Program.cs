using System.CommandLine;
using UptakeSim.Cli;

// Argument errors are reported the tool's way (--option: what; expected ..., exit 2), not with the help text.
// Failures the commands do not handle themselves (a full disk, a lost cluster) end with one clear line, never a
// stack trace; UPTAKESIM_DEBUG=1 shows the trace for developers.
try
{
    var parse = UptakeSimCommands.Build().Parse(args);
    var misread = Arguments.Misread(parse);
    if (parse.Errors.Count > 0 || misread.Count > 0) return Arguments.Report(parse, Console.Error, misread);
    return await parse.InvokeAsync(new InvocationConfiguration
    {
        ProcessTerminationTimeout = null,
        EnableDefaultExceptionHandler = false,
    });
}
catch (Exception e) when (Environment.GetEnvironmentVariable("UPTAKESIM_DEBUG") != "1")
{
    Console.Error.WriteLine($"error: {e.GetBaseException().Message}");
    return ExitCodes.Failed;
}
