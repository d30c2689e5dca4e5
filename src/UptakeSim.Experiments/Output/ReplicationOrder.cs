namespace UptakeSim.Experiments.Output;

/// <summary>
/// Puts batches of replications, which finish in any order, back in replication order for a per-run file: a batch
/// waits here until every earlier replication has been handed on, so the file is the same whatever the scheduling.
/// The scheduler starts batches in order with a bounded number in flight, so only those can wait.
/// </summary>
internal sealed class ReplicationOrder<T>
{
    private readonly SortedDictionary<int, (int Replications, T Item)> _waiting = new();
    private int _next;

    /// <summary>Takes the batch of <paramref name="replications"/> replications from <paramref name="first"/>; returns
    /// the batches now next in order (none while an earlier one is missing).</summary>
    public List<T> Ready(int first, int replications, T item)
    {
        _waiting.Add(first, (replications, item));
        var ready = new List<T>();
        while (_waiting.Remove(_next, out var batch))
        {
            ready.Add(batch.Item);
            _next += batch.Replications;
        }
        return ready;
    }
}
