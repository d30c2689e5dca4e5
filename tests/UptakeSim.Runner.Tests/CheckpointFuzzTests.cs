using UptakeSim.Model;
using UptakeSim.Runner;
using Xunit.Abstractions;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Runner.Tests;

/// <summary>
/// Damages a real checkpoint from a fixed seed, raw (flipped bytes, cuts, growth) and sealed again with a correct
/// checksum (edits of the payload a checksum cannot catch), and resumes from each. The contract: refused with an
/// <see cref="InvalidDataException"/> naming the file, or resumed into a state that could have come from replications
/// (every band within 0..CCGs, as many replications as batches done); never another exception, never a hang.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20150401;
    private const int Mutants = 400;
    private static readonly SimulationSetup Setup = new(Synthetic(ccgs: 30, start: new StartCounts(10, 10, 10), quarters: 12));
    private static readonly BatchPlan Plan = BatchPlan.Auto(40, 1, 4);
    private static readonly string Id = RunCheckpoint.Fingerprint("scenario text");

    [Fact]
    public async Task Every_damaged_checkpoint_is_refused_naming_the_file_or_resumes_into_a_possible_state()
    {
        var directory = Path.Combine(Path.GetTempPath(), "uptakesim-checkpoint-fuzz-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var stop = new CancellationTokenSource();
            var state = new TrajectoryAccumulator(Setup);
            var checkpoint = RunCheckpoint.Open(directory, Id, resume: false, state, Plan);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MonteCarloRun.RunAsync(new ReferenceEngine(), Setup, Plan,
                progress: p => { if (p.RunsDone >= 12) stop.Cancel(); }, cancellationToken: stop.Token, accumulator: state, checkpoint: checkpoint));
            Assert.True(checkpoint.Save(state));
            var file = RunCheckpoint.PathIn(directory);
            var original = File.ReadAllBytes(file);
            var payload = RunCheckpoint.ReadSealed(file, 1 << 24);

            var random = new Random(Seed);
            var (resumed, refused) = (0, 0);
            var failures = new List<string>();
            for (var i = 0; i < Mutants; i++)
            {
                var sealedAgain = random.Next(2) == 0;
                var bytes = Damage(random, sealedAgain ? payload : original);
                if (sealedAgain) RunCheckpoint.WriteSealed(file, bytes);
                else File.WriteAllBytes(file, bytes);
                var task = Task.Run(() =>
                {
                    var into = new TrajectoryAccumulator(Setup);
                    try
                    {
                        var reopened = RunCheckpoint.Open(directory, Id, resume: true, into, Plan);
                        var bands = Enumerable.Range(0, into.Quarters).SelectMany(q => Enumerable.Range(1, 3).Select(l => into.Stats(q, 0, l)));
                        return into.Runs != reopened.BatchesDone * (long)reopened.BatchSize && into.Runs != Plan.Runs ? $"resumed {into.Runs} replications from {reopened.BatchesDone} batches"
                            : bands.Any(b => b.P05 < 0 || b.P95 > Setup.Ccgs || (into.Runs > 0 && (b.Mean < 0 || b.Mean > Setup.Ccgs))) ? "resumed an impossible band"
                            : "resumed";
                    }
                    catch (InvalidDataException e)
                    {
                        return e.Message.StartsWith(file + ": ", StringComparison.Ordinal) && e.Message.Contains("; expected ", StringComparison.Ordinal) ? "refused" : $"refused without the file or what was expected: {e.Message}";
                    }
                    catch (Exception e)
                    {
                        return $"{e.GetType().Name}: {e.Message}";
                    }
                });
                string outcome;
                try
                {
                    outcome = await task.WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    outcome = "no answer in 30 s";
                }
                if (outcome == "resumed") resumed++;
                else if (outcome == "refused") refused++;
                else failures.Add($"mutant {i} ({(sealedAgain ? "sealed again" : "raw")}): {outcome}");
            }
            output.WriteLine($"checkpoint: {Mutants} mutants (seed {Seed}), {resumed} resumed into a possible state, {refused} refused naming the file");
            Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
            Assert.True(refused > Mutants / 2, $"only {refused} refused");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Damage(Random random, byte[] bytes)
    {
        var damaged = bytes.ToArray();
        switch (random.Next(5))
        {
            case 0:
                for (var f = random.Next(1, 4); f > 0; f--) damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                return damaged;
            case 1:
                return damaged[..random.Next(damaged.Length)];
            case 2:
                return [.. damaged, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))];
            case 3:
                // An 8-byte count, length or value set to something extreme.
                var at = random.Next(Math.Max(1, damaged.Length - 8));
                long[] extremes = [-1, 0, int.MaxValue, long.MaxValue, long.MinValue, 1L << 40, 209, 210];
                BitConverter.GetBytes(extremes[random.Next(extremes.Length)]).CopyTo(damaged, at);
                return damaged;
            default:
                var start = random.Next(damaged.Length);
                var length = Math.Min(random.Next(1, 32), damaged.Length - start);
                Array.Clear(damaged, start, length);
                return damaged;
        }
    }
}
