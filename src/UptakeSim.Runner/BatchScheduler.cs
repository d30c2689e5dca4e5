namespace UptakeSim.Runner;

/// <summary>
/// Runs work items (batches, or batches of several scenarios) on an engine with at most a given number in flight,
/// starting them in the order given and handing each result to one consumer at a time as it completes. Stops
/// starting new items on cancellation or on the first failure, waits for those in flight, then reports.
/// </summary>
public static class BatchScheduler
{
    public static async Task RunAsync<TItem>(
        IEnumerable<TItem> items,
        int concurrency,
        Func<TItem, CancellationToken, Task<Model.BatchTrajectories>> run,
        Func<TItem, Model.BatchTrajectories, ValueTask> deliver,
        CancellationToken cancellationToken = default)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, concurrency));
        using var delivery = new SemaphoreSlim(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task>();

        async Task RunOne(TItem item)
        {
            try
            {
                var result = await run(item, stop.Token);
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
            catch
            {
                await stop.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
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
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // An item failed; its exception is the one to report, below.
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
