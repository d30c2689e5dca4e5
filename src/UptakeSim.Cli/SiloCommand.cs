using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using UptakeSim.Engine;

namespace UptakeSim.Cli;

/// <summary><c>uptakesim silo</c>: one silo of a cluster on this machine, serving every client's batches until SIGINT/SIGTERM.</summary>
public static class SiloCommand
{
    public static Command Build()
    {
        var cluster = UptakeSimCommands.ClusterOption();
        cluster.Description = $"The cluster to join: redis://[:password@]host[:port] or postgres://user:password@host[:port]/database, each [?cluster=ID&service=ID] (default: ${ClusterSettings.EnvironmentVariable}, then \"cluster\" in ./{ClusterSettings.ConfigFile})";
        var port = PortOption("--port", SiloEndpoints.DefaultSiloPort, "Port the other silos reach this one at");
        var gatewayPort = PortOption("--gateway-port", SiloEndpoints.DefaultGatewayPort, "Port clients reach this silo at");
        var address = new Option<string?>("--address")
        {
            Description = "IP address the other machines reach this silo at; both ports listen on it alone (default: this host's first network address, listening on all)",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (IPAddress.TryParse(text, out _)) return text;
                result.AddError($"--address: {Scenarios.InputText.Quote(text)} is not an IP address; expected an IPv4 or IPv6 address of this machine, e.g. 10.0.0.5");
                return null;
            },
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show Orleans' informational logs" };
        var command = new Command("silo", "Host a silo that joins a cluster (membership in Redis or PostgreSQL) and runs batches for its clients until Ctrl-C or SIGTERM")
        {
            cluster, port, gatewayPort, address, verbose,
        };
        command.SetAction((parse, cancel) =>
        {
            ClusterConnection? connection;
            try
            {
                connection = ClusterSettings.Resolve(parse.GetValue(cluster));
            }
            catch (ClusterConnectionException e)
            {
                Console.Error.WriteLine(e.Message);
                return Task.FromResult(ExitCodes.BadInput);
            }
            if (connection is null)
            {
                Console.Error.WriteLine($"silo: no cluster to join; expected --cluster redis://host:port or postgres://user:password@host/database, ${ClusterSettings.EnvironmentVariable} or {{\"cluster\": ...}} in ./{ClusterSettings.ConfigFile}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var endpoints = new SiloEndpoints(parse.GetValue(port), parse.GetValue(gatewayPort), parse.GetValue(address) is { } ip ? IPAddress.Parse(ip) : null);
            return RunAsync(Console.Out, connection, endpoints, parse.GetValue(verbose));
        });
        return command;
    }

    private static Option<int> PortOption(string name, int defaultPort, string description) =>
        Arguments.WholeNumber(name, $"{description} (every silo on one machine needs its own)", 1, 65535, defaultPort);

    /// <summary>Runs the silo until it stops; a silo the membership store has forgotten (a Redis restarted empty) joins again as a new one.</summary>
    private static async Task<int> RunAsync(TextWriter output, ClusterConnection connection, SiloEndpoints endpoints, bool verbose)
    {
        while (true)
        {
            ClusterSilo started;
            try
            {
                started = await ClusterSilo.StartAsync(connection, endpoints, verbose ? LogLevel.Information : LogLevel.Warning);
            }
            catch (SiloPortInUseException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
            await using var silo = started;
            output.WriteLine($"silo ready: {silo.Address.Endpoint} (gateway port {endpoints.GatewayPort}), cluster {connection.ClusterId} at {connection}, started in {silo.StartTime.TotalSeconds:F1} s");
            if (await silo.WaitAsync() == SiloEnd.Stopped)
            {
                output.WriteLine($"silo stopped: {silo.Address.Endpoint} has left cluster {connection.ClusterId}");
                return ExitCodes.Ok;
            }
            output.WriteLine($"silo {silo.Address.Endpoint}: its entry has vanished from {connection} (restarted empty?); joining again");
        }
    }
}
