namespace UptakeSim.Runner;

/// <summary>A batch that failed and is being run again: which attempt is next, and why.</summary>
public sealed record BatchRetry(object Item, int NextAttempt, Exception Reason);

/// <summary>
/// Runs work items (batches, or batches of several scenarios) on an engine with at most a given number in flight,
/// starting them in the order given and handing each result to one consumer at a time as it completes.
/// A failed item (e.g. its silo died) is run again from its seed, up to <see cref="MaxAttempts"/> times: the model is
/// deterministic, so the result is the one the first attempt would have given. On the caller's cancellation it stops
/// starting new items and lets those in flight finish and be delivered (cancelling them would lose their work and fill
/// the log with cancelled calls), then throws <see cref="OperationCanceledException"/>; an item that failed every
/// attempt cancels those in flight and its exception is thrown.
/// </summary>
public static class BatchScheduler
{
    public const int MaxAttempts = 3;

    public static async Task RunAsync<TItem>(
        IEnumerable<TItem> items,
        int concurrency,
        Func<TItem, CancellationToken, Task<Model.BatchTrajectories>> run,
        Func<TItem, Model.BatchTrajectories, ValueTask> deliver,
        Action<BatchRetry>? retrying = null,
        CancellationToken cancellationToken = default)
        where TItem : notnull
    {
        using var slots = new SemaphoreSlim(Math.Max(1, concurrency));
        using var delivery = new SemaphoreSlim(1);
        using var failed = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, failed.Token);
        var inFlight = new List<Task>();

        async Task RunOne(TItem item)
        {
            try
            {
                var result = await RunWithRetries(item);
                await delivery.WaitAsync(CancellationToken.None);
                try
                {
                    await deliver(item, result);
                }
                finally
                {
                    delivery.Release();
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested && !failed.IsCancellationRequested)
            {
                // Stopping anyway: an item that fails now is simply not completed.
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }

        async Task<Model.BatchTrajectories> RunWithRetries(TItem item)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await run(item, failed.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException && attempt < MaxAttempts && !stop.IsCancellationRequested)
                {
                    retrying?.Invoke(new BatchRetry(item, attempt + 1, e));
                }
            }
        }

        try
        {
            foreach (var item in items)
            {
                await slots.WaitAsync(stop.Token);
                inFlight.Add(RunOne(item));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the caller, or an item failed (its exception is the one to report, below).
        }
        try
        {
            await Task.WhenAll(inFlight);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Items cut short by the caller's cancellation are not failures.
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
