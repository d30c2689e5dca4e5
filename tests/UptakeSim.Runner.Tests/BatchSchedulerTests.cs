using UptakeSim.Model;

namespace UptakeSim.Runner.Tests;

/// <summary>The scheduler on a fake engine whose batches the test controls: how many run at once, retries, a batch that
/// fails every attempt, and the caller's cancellation.</summary>
public class BatchSchedulerTests
{
    private static BatchTrajectories Result(int item) => new(item, 1, 1, 1, 1);

    /// <summary>A fake engine: counts batches in flight and attempts per item, and fails the attempts it is told to.</summary>
    private sealed class FakeEngine(Func<int, int, bool>? fails = null, int delayMs = 5)
    {
        private readonly Lock _lock = new();
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public Dictionary<int, int> Attempts { get; } = [];

        public List<int> Started { get; } = [];

        public async Task<BatchTrajectories> Run(int item, CancellationToken token)
        {
            int attempt;
            lock (_lock)
            {
                attempt = Attempts[item] = Attempts.GetValueOrDefault(item) + 1;
                Started.Add(item);
                MostInFlight = Math.Max(MostInFlight, ++_inFlight);
            }
            try
            {
                await Task.Delay(delayMs, token);
                if (fails?.Invoke(item, attempt) == true) throw new InvalidOperationException($"item {item} attempt {attempt} failed");
                return Result(item);
            }
            finally
            {
                lock (_lock) _inFlight--;
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Every_item_is_run_once_and_delivered_once_with_at_most_the_concurrency_in_flight(int concurrency)
    {
        var engine = new FakeEngine();
        var delivered = new List<(int Item, int First)>();
        var delivering = 0;
        var overlapping = false;
        await BatchScheduler.RunAsync(Enumerable.Range(0, 20), concurrency, engine.Run, async (item, result) =>
        {
            overlapping |= Interlocked.Increment(ref delivering) > 1;
            await Task.Yield();
            delivered.Add((item, result.FirstReplication));
            Interlocked.Decrement(ref delivering);
        });

        Assert.Equal(Enumerable.Range(0, 20), delivered.Select(d => d.Item).Order());
        Assert.All(delivered, d => Assert.Equal(d.Item, d.First));
        Assert.All(engine.Attempts.Values, a => Assert.Equal(1, a));
        Assert.Equal(Math.Min(concurrency, 20), engine.MostInFlight);
        Assert.False(overlapping, "two results were delivered at once");
        // Items start in the order given.
        Assert.Equal(Enumerable.Range(0, 20), engine.Started);
    }

    [Fact]
    public async Task A_failed_item_runs_again_and_is_delivered_once_with_each_retry_reported()
    {
        var engine = new FakeEngine((item, attempt) => item == 4 && attempt < 3);
        var retries = new List<BatchRetry>();
        var delivered = new List<int>();
        await BatchScheduler.RunAsync(Enumerable.Range(0, 10), 2, engine.Run, (item, _) =>
        {
            delivered.Add(item);
            return ValueTask.CompletedTask;
        }, retrying: r => retries.Add(r));

        Assert.Equal(Enumerable.Range(0, 10), delivered.Order());
        Assert.Equal(3, engine.Attempts[4]);
        Assert.Equal([(4, 2), (4, 3)], retries.Select(r => ((int)r.Item, r.NextAttempt)));
        Assert.Equal("item 4 attempt 1 failed", retries[0].Reason.Message);
    }

    [Fact]
    public async Task An_item_that_fails_every_attempt_stops_the_run_with_its_own_exception()
    {
        var engine = new FakeEngine((item, _) => item == 2, delayMs: 20);
        var delivered = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BatchScheduler.RunAsync(Enumerable.Range(0, 50), 2, engine.Run, (item, _) =>
        {
            delivered.Add(item);
            return ValueTask.CompletedTask;
        }));

        Assert.Equal($"item 2 attempt {BatchScheduler.MaxAttempts} failed", error.Message);
        Assert.Equal(BatchScheduler.MaxAttempts, engine.Attempts[2]);
        Assert.DoesNotContain(2, delivered);
        // Nothing new is started after the failure: far fewer than the 50 items ran.
        Assert.InRange(engine.Started.Distinct().Count(), 3, 20);
    }

    [Fact]
    public async Task The_callers_cancellation_lets_the_items_in_flight_finish_and_be_delivered_then_throws()
    {
        using var stop = new CancellationTokenSource();
        var engine = new FakeEngine(delayMs: 20);
        var delivered = new List<int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BatchScheduler.RunAsync(Enumerable.Range(0, 100), 4, engine.Run, (item, _) =>
        {
            delivered.Add(item);
            if (delivered.Count == 5) stop.Cancel();
            return ValueTask.CompletedTask;
        }, cancellationToken: stop.Token));

        // Every item started was run to the end and delivered: none is lost half-way, and no new one started.
        Assert.Equal(engine.Started.Order(), delivered.Order());
        Assert.InRange(delivered.Count, 5, 5 + 4);
        Assert.All(engine.Attempts.Values, a => Assert.Equal(1, a));
    }

    [Fact]
    public async Task An_item_failing_after_the_callers_cancellation_is_not_retried_or_reported_as_a_failure()
    {
        using var stop = new CancellationTokenSource();
        var engine = new FakeEngine((item, _) => item >= 1, delayMs: 20);
        var retries = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BatchScheduler.RunAsync(Enumerable.Range(0, 10), 2, async (item, token) =>
        {
            if (item == 1) await stop.CancelAsync();
            return await engine.Run(item, token);
        }, (_, _) => ValueTask.CompletedTask, _ => retries++, stop.Token));

        Assert.Equal(0, retries);
        Assert.Equal(1, engine.Attempts[1]);
    }
}
