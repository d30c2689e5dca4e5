namespace UptakeSim.Experiments;

/// <summary>The one rule for a stop the caller asked for: the work in flight finishes, what completed is kept.</summary>
internal static class Interrupted
{
    /// <summary>Runs <paramref name="work"/>; true if the caller's token stopped it.</summary>
    public static async Task<bool> Catch(Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }
}
