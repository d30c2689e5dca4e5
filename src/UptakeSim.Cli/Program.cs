using System.CommandLine;
using UptakeSim.Cli;

// Failures the commands do not handle themselves (a full disk, a lost cluster) end with one clear line, never a
// stack trace; UPTAKESIM_DEBUG=1 shows the trace for developers.
try
{
    return await UptakeSimCommands.Build().Parse(args).InvokeAsync(new InvocationConfiguration
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
