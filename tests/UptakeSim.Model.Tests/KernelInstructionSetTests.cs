using System.Diagnostics;
using System.Security.Cryptography;
using UptakeSim.Model.Kernel;

namespace UptakeSim.Model.Tests;

/// <summary>
/// The kernel gives the same bytes whatever instruction set the CPU offers: this test assembly is run again as a
/// program (<see cref="KernelProbe"/>) with AVX-512, AVX2 or every hardware intrinsic switched off, and its hash of
/// many outputs must equal the hash computed here with the widest registers.
/// </summary>
public class KernelInstructionSetTests
{
    /// <param name="switchOff">Runtime switches set to 0, comma-separated: .NET 10 reads DOTNET_EnableAVX512 where
    /// earlier runtimes read DOTNET_EnableAVX512F, so both are set.</param>
    [Theory]
    [InlineData("DOTNET_EnableAVX512F,DOTNET_EnableAVX512")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public void Kernel_outputs_are_byte_identical_with_an_instruction_set_switched_off(string switchOff)
    {
        var (width, hash) = Probe(switchOff);
        Assert.Equal(KernelProbe.Hash(), hash);
        var narrowest = switchOff switch
        {
            "DOTNET_EnableAVX512F,DOTNET_EnableAVX512" => LaneWidth.V256,
            "DOTNET_EnableAVX2" => LaneWidth.V128,
            _ => LaneWidth.Scalar,
        };
        Assert.True(width <= narrowest, $"with {switchOff}=0 the kernel still ran {width} lanes");
    }

    private static (LaneWidth Width, string Hash) Probe(string switchOff)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(KernelProbe).Assembly.Location);
        start.ArgumentList.Add(KernelProbe.Command);
        foreach (var name in switchOff.Split(',')) start.Environment[name] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the kernel probe did not finish in 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"probe exited {process.ExitCode}: {stderr.Result}");
        var parts = stdout.Result.Trim().Split(' ');
        return (Enum.Parse<LaneWidth>(parts[0]), parts[1]);
    }
}

/// <summary>Computes many kernel outputs and a small simulation with the widest registers the process may use and
/// hashes their bytes.</summary>
public static class KernelProbe
{
    public const string Command = "kernel-probe";

    public static string Hash()
    {
        const int n = 100_003;
        var x = new double[n];
        var y = new double[n];
        var keys = new ulong[n];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < n; i++) keys[i] = KeyedRandom.CcgKey(KeyedRandom.ReplicationKey(42, i), 7);

        for (var i = 0; i < n; i++) x[i] = -745 + 1455 * KeyedRandom.Uniform(keys[i], 0, DrawPurpose.Decision);
        Append(sha, x, y, DeterministicMath.Exp);
        for (var i = 0; i < n; i++) x[i] = BitConverter.UInt64BitsToDouble(KeyedRandom.Bits(keys[i], 1, DrawPurpose.Decision) % 0x7FF0000000000000UL);
        Append(sha, x, y, DeterministicMath.Log);
        for (var i = 0; i < n; i++) x[i] = KeyedRandom.Uniform(keys[i], 2, DrawPurpose.Decision);
        Append(sha, x, y, DeterministicMath.NormalQuantile);
        Append(sha, x, y, DeterministicMath.CosTwoPi);
        for (var i = 0; i < n; i++) x[i] = -40 + 80 * KeyedRandom.Uniform(keys[i], 3, DrawPurpose.Decision);
        Append(sha, x, y, DeterministicMath.Logistic);
        KeyedDraws.Uniform(keys, 5, DrawPurpose.LmcSoften, y, LaneWidths.Best);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()));
        KeyedDraws.Normal(keys, 6, DrawPurpose.FinanceShock, y, LaneWidths.Best);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()));
        // A whole simulation: mergers, a mandate, hand-back, two windows a year, a ragged register tail.
        var scenario = TestSupport.TestScenarios.Synthetic(ccgs: 30, start: new StartCounts(18, 6, 6), quarters: 24, seed: 5, policy: TestSupport.TestScenarios.Policy(
            windows: [new ApplicationWindow(TestSupport.TestScenarios.Q("2015Q3"), TestSupport.TestScenarios.Q("2016Q1"), true), new ApplicationWindow(TestSupport.TestScenarios.Q("2015Q4"), TestSupport.TestScenarios.Q("2015Q4"), true)],
            mandate: TestSupport.TestScenarios.Q("2019Q3")));
        var setup = new SimulationSetup(scenario with
        {
            Behaviour = scenario.Behaviour with { HandBackEnabled = true },
            Mergers = MergerSchedule.ToCounts(scenario.Population, [(TestSupport.TestScenarios.Q("2016Q1"), 27), (TestSupport.TestScenarios.Q("2018Q1"), 15)]),
        });
        var batch = BatchSimulation.Run(setup, 0, 37);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.Counts.AsSpan()));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(batch.PatientsDelegated.AsSpan()));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, double[] x, double[] y, Action<ReadOnlySpan<double>, Span<double>, LaneWidth> f)
    {
        f(x, y, LaneWidths.Best);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()));
    }
}

/// <summary>The test assembly's entry point: <c>dotnet UptakeSim.Model.Tests.dll kernel-probe</c> prints the lane
/// width in use and <see cref="KernelProbe.Hash"/>; the test runner does not use it.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is not [KernelProbe.Command]) return 2;
        Console.WriteLine($"{LaneWidths.Best} {KernelProbe.Hash()}");
        return 0;
    }
}
