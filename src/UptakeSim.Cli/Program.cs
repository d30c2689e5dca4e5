using System.CommandLine;
using UptakeSim.Cli;

return await UptakeSimCommands.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
