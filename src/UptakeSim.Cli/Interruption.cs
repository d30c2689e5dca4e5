using System.Runtime.InteropServices;

namespace UptakeSim.Cli;

/// <summary>SIGINT/SIGTERM: the first cancels the run (completed replications are kept and written as partial),
/// the second exits at once.</summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption(TextWriter errors)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            if (_source.IsCancellationRequested) Environment.Exit(ExitCodes.Interrupted);
            errors.WriteLine("interrupted: stopping after the batches in flight and writing the completed replications as partial (again to quit at once)");
            _source.Cancel();
        }
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
